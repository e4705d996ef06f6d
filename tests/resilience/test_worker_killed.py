"""A worker killed mid-task: the task is redelivered (acks_late + reject_on_worker_lost, and the
Redis visibility timeout when the whole worker dies) and the notification is still sent once.

"Mid-task" is made certain, not timed: a second connection holds a lock on the notification table,
so `suggestions.send_notification` is blocked inside its transaction when the worker is killed."""

import time

import pytest
from django.db import transaction

from core import outbox
from suggestions.models import Notification, TimelineEvent
from tests.conftest import wait_until

from .conftest import PrivateWorker, sleep_past_visibility_timeout, table_locked, use_broker, waiting_on_lock
from .helpers import file_report, proposer_notifications, proposer_notifications_sent

pytestmark = [pytest.mark.resilience, pytest.mark.slow]


def _expected(suggestion) -> int:
    """Rows once every notifying event reached every channel the proposer chose (in-app + e-mail)."""
    events = TimelineEvent.objects.filter(suggestion=suggestion, kind__in=["received", "assigned"]).count()
    return events * 2


def _assert_sent_once(suggestion) -> None:
    notes = proposer_notifications(suggestion)
    assert notes, "no notification after redelivery"
    keys = [n.key for n in notes]
    assert len(keys) == len(set(keys))
    assert all(n.sent_at for n in notes)
    # One row per (event, channel): exactly one per channel the proposer chose, per notifying event.
    events = TimelineEvent.objects.filter(suggestion=suggestion, kind__in=["received", "assigned"]).count()
    channels = {n.channel for n in notes}
    assert len(notes) == events * len(channels)


def test_whole_worker_sigkilled_mid_task_is_redelivered_once(transactional_db, world, private_redis, settings):
    db_name = settings.DATABASES["default"]["NAME"]
    with use_broker(private_redis.url):
        first = PrivateWorker(db_name, CELERY_BROKER_URL=private_redis.url).start()
        try:
            with table_locked(Notification._meta.db_table):
                suggestion = file_report(world.member)
                wait_until(lambda: waiting_on_lock(db_name) >= 1, timeout=30, what="notification task blocked mid-way")
                started = time.monotonic()
                first.kill()  # SIGKILL main process and pool children: nothing is acked
            # PostgreSQL notices the dead client once the lock is released and rolls its transaction back.
            wait_until(lambda: waiting_on_lock(db_name) == 0, timeout=30, what="killed task's session gone")
            time.sleep(0.5)
            assert proposer_notifications(suggestion) == []  # the killed run committed nothing
        finally:
            first.stop()

        sleep_past_visibility_timeout(started)
        second = PrivateWorker(db_name, CELERY_BROKER_URL=private_redis.url).start()
        try:
            wait_until(
                lambda: len(proposer_notifications_sent(suggestion)) >= _expected(suggestion),
                timeout=60,
                what="redelivered task",
            )
            time.sleep(1)  # let any duplicate delivery surface before counting
            _assert_sent_once(suggestion)
            assert "suggestions.send_notification" in second.log()
        finally:
            second.stop()


def test_pool_child_sigkilled_mid_task_is_requeued_once(transactional_db, world, private_redis, settings):
    db_name = settings.DATABASES["default"]["NAME"]
    with use_broker(private_redis.url):
        worker = PrivateWorker(db_name, CELERY_BROKER_URL=private_redis.url).start()
        try:
            with table_locked(Notification._meta.db_table):
                suggestion = file_report(world.member)
                wait_until(lambda: waiting_on_lock(db_name) >= 1, timeout=30, what="notification task blocked mid-way")
                assert worker.kill_pool_children() >= 1  # the main process sees WorkerLostError and rejects+requeues
                wait_until(lambda: b"WorkerLostError" in worker.log_path.read_bytes(), timeout=30, what="worker lost")
            wait_until(
                lambda: len(proposer_notifications_sent(suggestion)) >= _expected(suggestion),
                timeout=60,
                what="every requeued notification task",
            )
            time.sleep(1)
            _assert_sent_once(suggestion)
        finally:
            worker.stop()


def test_duplicate_delivery_sends_nothing_twice(transactional_db, world, private_redis, settings):
    """A task that ran to completion but whose ack was lost runs again: the Notification key stops it."""
    db_name = settings.DATABASES["default"]["NAME"]
    with use_broker(private_redis.url):
        worker = PrivateWorker(db_name, CELERY_BROKER_URL=private_redis.url).start()
        try:
            suggestion = file_report(world.member)
            wait_until(
                lambda: len(proposer_notifications_sent(suggestion)) >= _expected(suggestion),
                timeout=60,
                what="first delivery",
            )
            first = {n.key: n.sent_at for n in proposer_notifications(suggestion)}
            events = list(TimelineEvent.objects.filter(suggestion=suggestion).values_list("pk", flat=True))
            with transaction.atomic():
                for event_id in events * 3:
                    outbox.enqueue("suggestions.send_notification", event_id)
            wait_until(
                lambda: outbox.relay_pending() == 0 and worker.log().count("send_notification") >= 3 * len(events),
                timeout=60,
                what="duplicates processed",
            )
            time.sleep(1)
            assert {n.key: n.sent_at for n in proposer_notifications(suggestion)} == first
        finally:
            worker.stop()
