"""Notifications: sent by a real Celery worker through Redis (transactional tests), idempotent per key;
daily reminders and the HQ overdue digest; the pluggable SMS backend."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core import mail

from config.celery_app import app
from core.models import OutboxMessage
from partners.models import Profile
from suggestions import deadlines, notifications, services, sms
from suggestions.models import Notification, Suggestion
from tests.conftest import wait_until


def _enable_all_channels(user, phone="010-9999-0001"):
    Profile.objects.update_or_create(
        user=user, defaults={"notify_in_app": True, "notify_email": True, "notify_sms": True, "phone": phone}
    )


@pytest.mark.django_db(transaction=True)
def test_filing_and_answer_notify_the_author_through_the_worker(celery_worker, world):
    member = world.member
    _enable_all_channels(member)
    Profile.objects.filter(user=world.officer_traffic).update(notify_email=False, notify_sms=False)
    s = world.file()

    def author_rows(kind):
        return Notification.objects.filter(user=member, kind=kind, sent_at__isnull=False)

    # Each e-mail/SMS is its own task, queued behind the first indexing task (which loads the analyser).
    wait_until(
        lambda: author_rows("received").count() == 3 and author_rows("assigned").count() == 3,
        timeout=60,
        what="notes",
    )
    assert set(author_rows("assigned").values_list("channel", flat=True)) == {"in_app", "email", "sms"}
    assigned = author_rows("assigned").get(channel="in_app")
    assert "교통과" in assigned.message and assigned.suggestion_id == s.pk
    # The department hears about the new suggestion (in-app only, by its officer's choice).
    wait_until(
        lambda: Notification.objects.filter(user=world.officer_traffic, kind="assigned").exists(),
        what="department notified",
    )
    assert not Notification.objects.filter(user=world.officer_traffic, channel="email").exists()

    # Answer → the head is asked to approve → the author is told it is published.
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="점검하겠습니다.")
    services.submit_answer(world.officer_traffic, a)
    wait_until(
        lambda: Notification.objects.filter(user=world.head_traffic, kind="answer_submitted").exists(),
        what="head asked to approve",
    )
    services.approve_answer(world.head_traffic, a)
    wait_until(lambda: author_rows("answered").count() == 3, timeout=60, what="answered notification")

    # SMS went through the console backend in the worker process: once per message.
    log = celery_worker.log_path.read_text(errors="replace")
    assert log.count("[SMS to 010-9999-0001]") >= 3

    # A redelivered task sends nothing twice.
    event = s.events.get(kind="answered")
    before = {n.pk: n.sent_at for n in Notification.objects.filter(key__startswith=f"event:{event.pk}:")}
    result = app.send_task("suggestions.send_notification", args=[event.pk])
    wait_until(lambda: f"[{result.id}] succeeded" in celery_worker.log_path.read_text(errors="replace"), what="redo")
    log = celery_worker.log_path.read_text(errors="replace")
    redo_line = next(line for line in log.splitlines() if f"[{result.id}] succeeded" in line)
    assert redo_line.rstrip().endswith(": 0")  # delivered nothing
    after = {n.pk: n.sent_at for n in Notification.objects.filter(key__startswith=f"event:{event.pk}:")}
    assert after == before


@pytest.mark.django_db
def test_deliver_is_idempotent_and_respects_channels(world):
    member = world.member
    Profile.objects.filter(user=member).update(notify_in_app=True, notify_email=True, notify_sms=False)
    s = world.file()
    event = s.events.get(kind="received")
    mail.outbox.clear()
    assert notifications.deliver_event(event.pk) == 2  # in-app + e-mail
    assert notifications.deliver_event(event.pk) == 0
    rows = Notification.objects.filter(user=member, key__startswith=f"event:{event.pk}:")
    assert dict(rows.values_list("channel", "status")) == {"in_app": "sent", "email": "pending"}
    assert mail.outbox == []  # the e-mail is sent by its own task, after the write
    email_row = rows.get(channel="email")
    assert OutboxMessage.objects.filter(task_name="suggestions.deliver_notification", args=[email_row.pk, 0]).exists()
    assert notifications.send_one(email_row.pk, 0) is True  # the queued task: first try
    assert notifications.send_one(email_row.pk, 0) is False  # a second copy of the task sends nothing
    assert len(mail.outbox) == 1 and "접수" in mail.outbox[0].subject
    Profile.objects.filter(user=member).update(notify_email=False)
    other = s.events.get(kind="assigned")
    notifications.deliver_event(other.pk)
    mine = Notification.objects.filter(user=member, key__startswith=f"event:{other.pk}:")
    assert list(mine.values_list("channel", flat=True)) == ["in_app"]  # in-app only now


@pytest.mark.django_db
def test_messages_are_pii_masked(world):
    s = world.file(title="제 번호 010-1234-5678 로 연락 주세요")
    notifications.deliver_event(s.events.get(kind="received").pk)
    note = Notification.objects.get(user=world.member, kind="received", channel="in_app")
    assert "010-1234-5678" not in note.message and "***-****-****" in note.message


@pytest.mark.django_db
def test_proposer_not_told_police_only_events(world):
    s = world.file()
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="초안")
    services.submit_answer(world.officer_traffic, a)
    services.return_answer(world.head_traffic, a, "보완 필요")
    for kind in ("answer_submitted", "answer_returned"):
        notifications.deliver_event(s.events.get(kind=kind).pk)
    assert not Notification.objects.filter(user=world.member, kind__startswith="answer_").exists()
    assert Notification.objects.filter(user=world.head_traffic, kind="answer_submitted").exists()
    returned = Notification.objects.get(user=world.officer_traffic, kind="answer_returned", channel="in_app")
    assert "보완 필요" in returned.message


@pytest.mark.django_db
def test_extension_supplement_implemented_notify_author(world):
    s = world.file()
    x = services.request_extension(world.officer_traffic, s, s.due_date + dt.timedelta(days=7), "현장 조사")
    services.decide_extension(world.head_traffic, x, approve=True)
    services.request_supplement(world.officer_traffic, s, "사진을 보내 주세요")
    for kind in ("extended", "supplement_requested"):
        notifications.deliver_event(s.events.get(kind=kind).pk)
    kinds = set(Notification.objects.filter(user=world.member).values_list("kind", flat=True))
    assert {"extended", "supplement_requested"} <= kinds


@pytest.mark.django_db
def test_deadline_reminders_and_overdue_digest(world):
    today = dt.date(2026, 11, 23)  # Monday
    due_today = world.file(title="오늘 마감")
    d3 = world.file(title="사흘 남음")
    late = world.file(title="기한 지남")
    Suggestion.objects.filter(pk=due_today.pk).update(due_date=today)
    Suggestion.objects.filter(pk=d3.pk).update(due_date=deadlines.add_business_days(today, 3))
    Suggestion.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=3))
    sent = notifications.send_deadline_reminders(today)
    assert sent > 0
    officer_notes = Notification.objects.filter(user=world.officer_traffic, kind="reminder", channel="in_app")
    messages = sorted(officer_notes.values_list("message", flat=True))
    assert len(messages) == 2
    assert any("오늘" in m and "오늘 마감" in m for m in messages) and any("D-3" in m for m in messages)
    assert notifications.send_deadline_reminders(today) == 0  # once per day
    assert notifications.send_overdue_digest(today) > 0
    digest = Notification.objects.get(user=world.hq, kind="overdue", channel="in_app")
    assert "기한 지남" in digest.message and "오늘 마감" not in digest.message
    assert notifications.send_overdue_digest(today) == 0
    assert not Notification.objects.filter(user=world.member, kind__in=["overdue", "reminder"]).exists()


def test_sms_backends(settings):
    settings.SMS_BACKEND = "suggestions.sms.LocmemSMSBackend"
    sms.outbox.clear()
    sms.send_sms("010-1111-2222", "안녕하세요")
    assert sms.outbox == [sms.SMSMessage("010-1111-2222", "안녕하세요")]
    stream = io.StringIO()
    sms.ConsoleSMSBackend(stream).send_messages([sms.SMSMessage("010-1", "본문")])
    assert stream.getvalue() == "[SMS to 010-1] 본문\n"


def test_beat_schedule_has_reminders_and_relay():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"core.relay_outbox", "suggestions.send_deadline_reminders", "suggestions.send_overdue_digest"} <= tasks
    assert "suggestions.retry_notifications" in tasks  # failed e-mail/SMS come back after their backoff
    relay = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "core.relay_outbox")
    assert relay["schedule"] == 60.0
    import suggestions.tasks  # noqa: F401  (the worker autodiscovers it)

    registered = app.tasks.keys()
    assert {"suggestions.send_notification", "suggestions.deliver_notification"} <= set(registered)
    assert "suggestions.retry_notifications" in registered
