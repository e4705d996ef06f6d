"""Celery queues (config/queues.py): each kind of task is routed to its own queue, the outbox
publishes there, and a worker started on the indexing queue alone runs indexing work only."""

import uuid

import pytest
from django.db import transaction

from config.queues import all_queues, queue_name, task_routes
from config.worker import resolve_queues
from core import outbox
from core.models import AuditLog
from tests.conftest import WorkerProcess, purge_queues, wait_until


def _routed_queue(task_name: str) -> str:
    from config.celery_app import app

    return app.amqp.router.route({}, task_name)["queue"].name


def test_each_kind_of_task_is_routed_to_its_queue(settings):
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    expected = {
        "search.index_suggestion": "indexing",
        "search.index_announcement": "indexing",
        "search.reconcile": "indexing",
        "search.reconcile_full": "indexing",
        "suggestions.deliver_notification": "notifications",
        "suggestions.retry_notifications": "notifications",
        "suggestions.send_overdue_digest": "digests",
        "search.weekly_digest": "digests",
        "core.relay_outbox": "default",
        "suggestions.prune_retention": "default",
    }
    for task, kind in expected.items():
        assert _routed_queue(task) == queue_name(default, kind), task
    assert queue_name("cheong", "indexing") == "cheong.indexing" and queue_name("cheong", "default") == "cheong"
    with pytest.raises(ValueError):
        queue_name("cheong", "nightly")
    assert task_routes("cheong")["search.index_*"] == {"queue": "cheong.indexing"}


def test_worker_queue_option_takes_kinds_or_names():
    assert resolve_queues(None, "cheong") == ["cheong", "cheong.indexing", "cheong.notifications", "cheong.digests"]
    assert resolve_queues("indexing, digests", "cheong") == ["cheong.indexing", "cheong.digests"]
    assert resolve_queues("other-queue", "cheong") == ["other-queue"]


def _queue_length(queue: str) -> int:
    from config.celery_app import app

    with app.connection_for_write() as conn:
        return conn.default_channel.queue_declare(queue=queue).message_count  # Redis: reads the list length


@pytest.mark.slow
def test_indexing_task_is_run_by_a_worker_on_the_indexing_queue_only(transactional_db, settings):
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    indexing = queue_name(default, "indexing")
    purge_queues()
    token = uuid.uuid4().hex
    with transaction.atomic():  # the outbox publishes on commit, through the routes
        outbox.enqueue("tests.ping_indexing", token)
        outbox.enqueue("tests.ping", token)
    assert _queue_length(indexing) == 1 and _queue_length(default) == 1

    worker = WorkerProcess(settings.DATABASES["default"]["NAME"])
    worker.queues = [indexing]
    worker.start()
    try:
        wait_until(
            lambda: AuditLog.objects.filter(action="tests.ping_indexing", object_id=token).exists(),
            timeout=60,
            what="the indexing worker running tests.ping_indexing",
        )
        assert _queue_length(indexing) == 0
        # The default-queue task is still waiting: this worker does not consume that queue.
        assert _queue_length(default) == 1
        assert not AuditLog.objects.filter(action="tests.ping", object_id=token).exists()
    finally:
        worker.stop()
        purge_queues()
    assert set(all_queues(default)) == {default, indexing, f"{default}.notifications", f"{default}.digests"}
