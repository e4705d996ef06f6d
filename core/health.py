"""Liveness of the backing services, for /healthz and `make run`.

A registry, so core knows no app above it: each app registers the check for the service it owns
from its AppConfig.ready (core: database and broker; search: Elasticsearch). `status()` runs them
in registration order.
"""

from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.db import connection

# A check answers (up, detail): a short detail such as the vendor or version, or the error's class name.
Check = Callable[[], tuple[bool, str]]

_checks: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """Add (or replace) the check shown as `name` in /healthz."""
    _checks[name] = check


# The checks raise when their service is down: `_run` turns that into (False, the error's class name).
def check_database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True, connection.vendor


def check_broker() -> tuple[bool, str]:
    # current_app is the project's Celery app once config has loaded it; core never imports config.
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return True, settings.CELERY_BROKER_URL.split("://", 1)[0]


def _run(check: Check) -> tuple[bool, str]:
    try:
        return check()
    except Exception as exc:  # a check that raises reports its service down instead of failing /healthz
        return False, type(exc).__name__


def status() -> dict[str, dict[str, bool | str]]:
    results = {name: _run(check) for name, check in _checks.items()}
    return {name: {"up": ok, "detail": detail} for name, (ok, detail) in results.items()}
