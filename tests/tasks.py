"""Celery tasks for the test suite only: config.settings.test lists this module in CELERY_IMPORTS,
so the test worker registers them and production code never carries them."""

from celery import shared_task

from core.models import AuditLog


@shared_task(name="tests.ping", ignore_result=True)
def ping(token: str) -> str:
    """Proves a real worker runs tasks: leaves a row the test process can see in the shared database."""
    AuditLog.objects.create(action="tests.ping", object_type="worker", object_id=token[:64])
    return token


@shared_task(name="tests.ping_indexing", ignore_result=True)
def ping_indexing(token: str) -> str:
    """tests.ping routed to the indexing queue (config.settings.test): run only by an indexing worker."""
    AuditLog.objects.create(action="tests.ping_indexing", object_type="worker", object_id=token[:64])
    return token
