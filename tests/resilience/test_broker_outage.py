"""Redis (the Celery broker) stopped: filing still succeeds, the outbox keeps the tasks, and they
are delivered by the worker once Redis is back. A private Redis is used; the shared one is never touched."""

import uuid

import pytest
from django.db import transaction

from core import outbox
from core.models import AuditLog, OutboxMessage
from tests.conftest import wait_until

from .conftest import PrivateWorker, pending_outbox, use_broker
from .helpers import file_report, proposer_notifications, proposer_notifications_sent

pytestmark = [pytest.mark.resilience, pytest.mark.slow]


def test_filing_survives_broker_outage_and_tasks_are_delivered_after_restart(
    transactional_db, world, private_redis, settings
):
    with use_broker(private_redis.url):
        worker = PrivateWorker(settings.DATABASES["default"]["NAME"], CELERY_BROKER_URL=private_redis.url).start()
        try:
            # Sanity: with the broker up a ping goes straight through.
            token = uuid.uuid4().hex
            with transaction.atomic():
                outbox.enqueue("tests.ping", token)
            wait_until(lambda: AuditLog.objects.filter(action="tests.ping", object_id=token).exists(), what="ping")

            private_redis.stop()
            before = OutboxMessage.objects.count()
            filed = [file_report(world.member) for _ in range(2)]
            down_token = uuid.uuid4().hex
            with transaction.atomic():
                outbox.enqueue("tests.ping", down_token)

            # Every filing committed; its tasks wait in the outbox with the error recorded.
            assert all(s.pk for s in filed)
            new = OutboxMessage.objects.filter(pk__gt=0).order_by("id")[before:]
            assert len(new) >= 4
            assert all(m.published_at is None for m in new)
            # The first refused publish is recorded; after it the circuit breaker stops requests from
            # waiting on the dead broker and leaves the rest to the relay.
            assert new[0].attempts >= 1 and new[0].last_error
            assert outbox.broker_marked_down()
            assert {m.task_name for m in new} >= {"suggestions.send_notification", "tests.ping"}
            assert not any(proposer_notifications(s) for s in filed)

            private_redis.start()
            wait_until(lambda: outbox.relay_pending() >= 0 and pending_outbox() == 0, timeout=60, what="outbox relayed")
            wait_until(
                lambda: AuditLog.objects.filter(action="tests.ping", object_id=down_token).exists(),
                timeout=60,
                what="ping delivered after restart",
            )
            for suggestion in filed:
                # One condition read at one moment: the stage notices arrive one by one (a new pending row
                # may appear right after the previous ones were sent), so "all sent" is waited for, not
                # asserted after a separate wait.
                wait_until(
                    lambda s=suggestion: _all_delivered(proposer_notifications(s), proposer_notifications_sent(s)),
                    timeout=120,
                    what="notifications delivered",
                )
        finally:
            worker.stop()


def _all_delivered(notes: list, sent: list) -> bool:
    return bool(notes) and notes == sent and all(n.sent_at for n in notes)


def test_relay_command_keeps_messages_while_broker_is_down(transactional_db, private_redis):
    """The relay itself fails soft: messages stay pending (attempts counted) until the broker answers."""
    with use_broker(private_redis.url):
        private_redis.stop()
        with transaction.atomic():
            message = outbox.enqueue("tests.ping", "relay-down")
        assert outbox.relay_pending() == 0
        message.refresh_from_db()
        assert message.published_at is None and message.attempts >= 2
        private_redis.start()
        assert outbox.relay_pending() == 1
        message.refresh_from_db()
        assert message.published_at is not None
