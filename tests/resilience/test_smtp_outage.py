"""SMTP down while 200 proposals are filed and answered: nothing is lost, nothing is sent twice.

The filings and answers go through the services; the SMTP server is a real one on loopback
(aiosmtpd): not listening at first (connection refused) until every e-mail has failed DOWN_FOR
times, then answering 451 to a batch more, then accepting. The Celery tasks are run in this process
from the outbox, in order, by the registered task functions (a worker process for 200 filings would
not fit the suite's time on two cores; tests/suggestions/test_notifications.py covers the worker),
and `queue_due` plays beat between rounds. At the end every e-mail row is sent and the server
holds exactly one message per row."""

from __future__ import annotations

import time

import pytest

from config.celery_app import app
from core.models import OutboxMessage
from partners.models import Profile
from suggestions import notifications, services
from suggestions import tasks as _tasks  # noqa: F401  (registers the tasks, as the worker's autodiscovery does)
from suggestions.models import Notification, Suggestion
from tests.suggestions.smtp_server import FlakySMTP

pytestmark = [pytest.mark.resilience, pytest.mark.slow]

PROPOSALS = 200
DOWN_FOR = 2  # every e-mail fails this many times before the server listens


def _run_queued_tasks() -> int:
    """The worker's part: run every unpublished suggestions.* task once, oldest first (the tasks they
    queue run in the same pass). Search indexing is left out: not what is tested here."""
    ran = 0
    while True:
        batch = list(
            OutboxMessage.objects.filter(published_at__isnull=True, task_name__startswith="suggestions.").order_by("id")
        )
        if not batch:
            return ran
        for message in batch:
            OutboxMessage.objects.filter(pk=message.pk).update(published_at=message.created_at)
            app.tasks[message.task_name](*message.args, **message.kwargs)
            ran += 1


def _beat_round() -> None:
    """Beat until it has queued every due row (it takes `limit` per run), then the worker's part."""
    while notifications.queue_due():
        pass
    _run_queued_tasks()


@pytest.fixture
def smtp(settings):
    server = FlakySMTP()  # the port is reserved; nothing listens yet
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    settings.NOTIFY_RETRY_BASE_SECONDS = 0  # every round of beat retries every failed row
    settings.NOTIFY_MAX_ATTEMPTS = 1000
    yield server
    server.stop()


@pytest.mark.django_db
def test_smtp_outage_loses_nothing_and_sends_each_message_once(world, smtp):
    Profile.objects.filter(user=world.member).update(notify_email=True, notify_sms=False)
    started = time.monotonic()
    for i in range(PROPOSALS):
        s = world.file(kind=Suggestion.Kind.PROPOSAL, title=f"정책 제안 {i:03d} 보행 신호 연장")
        answer = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body=f"답변 {i}")
        services.submit_answer(world.officer_traffic, answer)
        services.approve_answer(world.head_traffic, answer)
    _run_queued_tasks()  # every event recorded; every e-mail's first try refused
    filed_in = time.monotonic() - started

    emails = Notification.objects.filter(channel=Notification.Channel.EMAIL)
    total = emails.count()
    # received, assigned, answered to the proposer; the department's new-suggestion and approval notices
    assert total >= 4 * PROPOSALS
    for _ in range(DOWN_FOR - 1):
        _beat_round()
    assert set(emails.values_list("status", "attempts")) == {("pending", DOWN_FOR)}
    assert all("ConnectionRefusedError" in e for e in emails.values_list("last_error", flat=True))
    # In-app notices never waited for SMTP.
    answered = Notification.objects.filter(channel="in_app", user=world.member, kind="answered", status="sent")
    assert answered.count() == PROPOSALS

    smtp.refuse_left = total // 4  # back, but still refusing some (451) at first
    smtp.start()
    rounds = 0
    while emails.exclude(status=Notification.Status.SENT).exists():
        assert rounds < 5, emails.exclude(status="sent").values_list("key", "status", "last_error")[:5]
        _beat_round()
        rounds += 1
    recovered_in = time.monotonic() - started - filed_in

    counts = smtp.count_by_message_id()
    expected = {notifications.email_message_id(key) for key in emails.values_list("key", flat=True)}
    assert set(counts) == expected  # every message arrived ...
    assert set(counts.values()) == {1}  # ... exactly once
    assert len(smtp.messages) == total and smtp.refused == total // 4
    assert not emails.filter(attempts__lte=DOWN_FOR).exists()  # all failed first, none was skipped
    # Later beats and redelivered tasks send nothing more.
    _beat_round()
    for pk in emails.values_list("pk", flat=True)[:50]:
        assert notifications.send_one(pk, 0) is False and notifications.send_one(pk, DOWN_FOR) is False
    assert len(smtp.messages) == total
    print(f"\nSMTP outage: {PROPOSALS} filed+answered in {filed_in:.1f}s, {total} e-mails,", end=" ")
    print(f"all delivered {recovered_in:.1f}s after the server came back")
