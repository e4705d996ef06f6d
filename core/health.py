"""Liveness of the three backing services, for /healthz and `make run`."""

from django.conf import settings
from django.db import connection


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, connection.vendor
    except Exception as exc:
        return False, type(exc).__name__


def check_broker() -> tuple[bool, str]:
    from config.celery_app import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, settings.CELERY_BROKER_URL.split("://", 1)[0]
    except Exception as exc:
        return False, type(exc).__name__


def check_elasticsearch() -> tuple[bool, str]:
    from search.client import get_client, node_version

    try:
        return True, node_version(get_client().options(request_timeout=2))
    except Exception as exc:
        return False, type(exc).__name__


def status() -> dict:
    checks = {"database": check_database(), "broker": check_broker(), "elasticsearch": check_elasticsearch()}
    return {name: {"up": ok, "detail": detail} for name, (ok, detail) in checks.items()}
