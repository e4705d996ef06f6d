"""E-mail delivery against a real SMTP server on loopback (aiosmtpd) that refuses, then accepts.

The tasks are driven in this process (`run_deliveries`: what beat and the worker do); the time
of each try is passed in, so backoff needs no waiting. Every message must arrive exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partners.models import Profile
from suggestions import notifications
from suggestions.models import Notification
from tests.suggestions.smtp_server import FlakySMTP, run_deliveries

Status = Notification.Status


@pytest.fixture
def smtp(settings):
    server = FlakySMTP(refuse_first=0).start()
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    settings.SMS_BACKEND = "suggestions.sms.LocmemSMSBackend"
    settings.NOTIFY_MAX_ATTEMPTS = 4
    yield server
    server.stop()


def _email_everyone(world, *users):
    for user in users:
        Profile.objects.update_or_create(
            user=user,
            defaults={"notify_in_app": True, "notify_email": True, "notify_sms": True, "phone": "010-5555-0001"},
        )


def _send_due(now: dt.datetime) -> int:
    """What beat + the worker do once at `now`; how many e-mails went out."""
    before = Notification.objects.filter(channel="email", status="sent").count()
    run_deliveries(now)
    return Notification.objects.filter(channel="email", status="sent").count() - before


def _file_and_record(world):
    s = world.file()
    for event in s.events.all():
        notifications.deliver_event(event.pk)
    return s, Notification.objects.filter(channel="email", suggestion=s)


@pytest.mark.django_db
def test_refused_then_accepted_arrives_exactly_once(world, smtp):
    _email_everyone(world, world.member, world.officer_traffic, world.head_traffic)
    smtp.refuse_left = 10_000  # recording the event sends nothing, so a refusing server breaks nothing
    s, emails = _file_and_record(world)
    assert emails.count() >= 3
    smtp.refuse_left = 2 * emails.count()  # the first two tries of every message get a 451
    now = timezone.now()
    assert _send_due(now) == 0
    assert set(emails.values_list("status", "attempts")) == {("pending", 1)}
    assert all("451" in e for e in emails.values_list("last_error", flat=True))
    # In-app and SMS went out regardless: one failing channel holds up nothing else.
    others = Notification.objects.filter(suggestion=s).exclude(channel="email")
    assert others.exists() and set(others.values_list("status", flat=True)) == {"sent"}
    # Not due yet: backoff.
    assert _send_due(now + dt.timedelta(seconds=1)) == 0 and smtp.refused == emails.count()
    now += notifications.backoff(1)
    assert _send_due(now) == 0
    assert set(emails.values_list("attempts", flat=True)) == {2}
    now += notifications.backoff(2)
    assert _send_due(now) == emails.count()
    assert set(emails.values_list("status", flat=True)) == {"sent"}
    # Redelivered tasks and later sweeps send nothing more.
    for pk in emails.values_list("pk", flat=True):
        for attempts in (None, 0, 1, 2):
            assert notifications.send_one(pk, attempts, now=now + dt.timedelta(days=1)) is False
    assert _send_due(now + dt.timedelta(days=1)) == 0
    counts = smtp.count_by_message_id()
    assert len(counts) == emails.count() and set(counts.values()) == {1}
    recipients = sorted(str(m["To"]) for m in smtp.messages)
    assert recipients == sorted(emails.values_list("user__email", flat=True))


@pytest.mark.django_db
def test_server_down_then_up_and_give_up_after_max_attempts(world, smtp):
    _email_everyone(world, world.member)
    smtp.stop()  # connection refused
    _s, emails = _file_and_record(world)
    now = timezone.now()
    for attempt in range(1, 3):
        assert _send_due(now) == 0
        assert set(emails.values_list("attempts", flat=True)) == {attempt}
        now += notifications.backoff(attempt)
    assert "ConnectionRefusedError" in emails.first().last_error
    smtp.start()
    assert _send_due(now) == emails.count()
    assert len(smtp.messages) == emails.count() and set(smtp.count_by_message_id().values()) == {1}

    # A server that never accepts: after NOTIFY_MAX_ATTEMPTS (4) the row is failed, and stays so.
    smtp.refuse_left = 10_000
    _s2, emails2 = _file_and_record(world)
    for attempt in range(1, 5):
        _send_due(now)
        now += notifications.backoff(attempt)
    assert set(emails2.values_list("status", "attempts")) == {("failed", 4)}
    assert notifications.due_ids(now + dt.timedelta(days=30)) == []


@pytest.mark.django_db
def test_permanent_refusal_is_failed_at_once_listed_and_retried_by_admin(world, smtp, client):
    _email_everyone(world, world.member)
    smtp.unknown = {world.member.email}
    _s, emails = _file_and_record(world)
    mine = emails.filter(user=world.member)
    others = emails.exclude(user=world.member).count()  # the department's e-mails go through
    assert _send_due(timezone.now()) == others
    assert set(mine.values_list("status", "attempts")) == {("failed", 1)}
    assert "550" in mine.first().last_error

    # Admins see it; police officers do not.
    client.force_login(world.officer_traffic)
    assert client.get("/admin/deliveries/").status_code in (302, 403)
    client.force_login(world.admin)
    page = client.get("/admin/deliveries/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="failed-deliveries"' in html and "550" in html and str(world.member) in html

    # The address is fixed on the server side; the admin retries; it arrives once.
    smtp.unknown = set()
    ids = [str(pk) for pk in mine.values_list("pk", flat=True)]
    response = client.post("/admin/deliveries/retry/", {"ids": ids})
    assert response.status_code == 302
    assert set(mine.values_list("status", "attempts")) == {("pending", 0)}
    assert _send_due(timezone.now()) == len(ids)
    assert len(smtp.messages) == others + len(ids) and set(mine.values_list("status", flat=True)) == {"sent"}
    assert set(smtp.count_by_message_id().values()) == {1}
    from core.models import AuditLog

    assert AuditLog.objects.filter(action="notification.retry", actor=world.admin).count() == len(ids)
