"""Celery tasks for the test suite only: config.settings.test lists this module in CELERY_IMPORTS,
so the test worker registers them and production code never carries them."""

from celery import shared_task

from core.models import AuditLog


@shared_task(name="tests.ping", ignore_result=True)
def ping(token: str) -> str:
    """Proves a real worker runs tasks: leaves a row the test process can see in the shared database."""
    AuditLog.objects.create(action="tests.ping", object_type="worker", object_id=token[:64])
    return token
