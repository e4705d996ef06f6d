"""Retention (issue 14): purge_personal_data past RETENTION_YEARS, the 위촉 기간 ending partner
access, and the nightly pruning of outbox, notifications and timelines (time frozen)."""

import datetime as dt
import os
from io import StringIO

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from core.models import AuditLog, OutboxMessage
from core.retention import prune_outbox
from partners.appointments import end_expired_appointments
from partners.models import Profile
from suggestions import retention, services
from suggestions.models import Answer, Attachment, Notification, Suggestion, TimelineEvent
from tests.suggestions.test_media import PDF

pytestmark = pytest.mark.django_db
SEOUL = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=SEOUL)
PHONE = "010-2345-6789"


def _answered(world, when: dt.datetime, **filing) -> Suggestion:
    """Filed and answered through the services at `when` (the clock travels there)."""
    with time_machine.travel(when, tick=False):
        s = world.file(
            body=f"<p>연락처 {PHONE} 로 연락 주세요.</p>",
            attachments=[ContentFile(PDF, name="현장사진.pdf")],
            **filing,
        )
        draft = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body=f"{PHONE} 님께 답변")
        services.submit_answer(world.officer_traffic, draft)
        services.approve_answer(world.head_traffic, draft)
    return Suggestion.objects.get(pk=s.pk)


def _purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_personal_data", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_purge_masks_texts_deletes_files_keeps_the_answer_and_the_index_follows(world, settings):
    settings.RETENTION_YEARS = 3
    old = _answered(world, NOW - dt.timedelta(days=3 * 366 + 10))
    recent = _answered(world, NOW - dt.timedelta(days=365))
    old_file = Attachment.objects.get(suggestion=old).file.path
    assert os.path.exists(old_file)

    with time_machine.travel(NOW, tick=False):
        assert [s.pk for s in retention.purge_candidates()] == [old.pk]
        preview = _purge()  # dry run without --yes
        assert "[미리 보기]" in preview and "1건" in preview
        assert _purge("--dry-run", "--yes").startswith("[미리 보기]")
        assert PHONE in Suggestion.objects.get(pk=old.pk).body and os.path.exists(old_file)

        outbox_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        done = _purge("--yes")
    assert "제안 1건 파기 완료" in done

    old.refresh_from_db()
    assert PHONE not in old.body and "연락처" in old.body  # the masked proposal stays
    assert old.status == Suggestion.Status.ANSWERED and old.answered_at is not None  # statistics stay
    answer = Answer.objects.get(suggestion=old, state=Answer.State.PUBLISHED)
    assert PHONE not in answer.body and "님께 답변" in answer.body
    assert not Attachment.objects.filter(suggestion=old).exists() and not os.path.exists(old_file)
    assert not any(
        PHONE in (m or "") for m in TimelineEvent.objects.filter(suggestion=old).values_list("message", flat=True)
    )
    assert AuditLog.objects.filter(action=retention.PURGED, object_id=str(old.pk)).exists()
    reindex = OutboxMessage.objects.filter(task_name="search.index_suggestion", pk__gt=outbox_before)
    assert [m.args for m in reindex] == [[old.pk]]

    recent.refresh_from_db()  # within the period: untouched
    assert PHONE in recent.body and Attachment.objects.filter(suggestion=recent).exists()
    with time_machine.travel(NOW, tick=False):
        assert "0건" in _purge()  # nothing left to purge (idempotent)


def test_contact_details_go_only_when_the_author_no_longer_takes_part(world, settings):
    settings.RETENTION_YEARS = 3
    Profile.objects.filter(user=world.member).update(phone="010-1111-2222")
    world.member.email = "member@example.org"
    world.member.save(update_fields=["email"])
    old = _answered(world, NOW - dt.timedelta(days=4 * 365))
    with time_machine.travel(NOW, tick=False):
        assert retention.purge_personal_data(old)["contacts"] == 0  # still an active member
    assert Profile.objects.get(user=world.member).phone == "010-1111-2222"

    other = _answered(world, NOW - dt.timedelta(days=4 * 365))
    world.member.memberships.update(is_active=False)
    with time_machine.travel(NOW, tick=False):
        assert retention.purge_personal_data(other)["contacts"] == 1
    world.member.refresh_from_db()
    assert world.member.email == "" and Profile.objects.get(user=world.member).phone == ""


def test_open_suggestions_are_never_purged(world, settings):
    settings.RETENTION_YEARS = 1
    with time_machine.travel(NOW - dt.timedelta(days=800), tick=False):
        s = world.file(body=f"<p>{PHONE}</p>")
    with time_machine.travel(NOW, tick=False):
        assert not retention.purge_candidates().filter(pk=s.pk).exists()


# --- 위촉 기간 ------------------------------------------------------------------------------------


def test_appointment_past_its_end_loses_partner_access_and_the_daily_task_ends_it(world):
    group = world.group
    group.appointed_until = dt.date(2026, 11, 30)
    group.save(update_fields=["appointed_until"])
    world.other_group.appointed_until = dt.date(2026, 12, 1)  # ends today: still appointed
    world.other_group.save(update_fields=["appointed_until"])
    with time_machine.travel(NOW, tick=False):
        assert not world.principal(world.member).is_partner
        assert world.principal(world.member_other).is_partner
        assert end_expired_appointments() == 1
    group.refresh_from_db()
    world.other_group.refresh_from_db()
    assert not group.is_active and world.other_group.is_active
    assert AuditLog.objects.filter(action="partners.appointment_ended", object_id=str(group.pk)).exists()
    assert not world.member.groups.filter(name="치안파트너스").exists()
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        assert not world.principal(world.member_other).is_partner


# --- Pruning ------------------------------------------------------------------------------------


def test_outbox_notifications_and_timelines_are_pruned_but_nothing_pending(world, settings):
    settings.OUTBOX_RETENTION_DAYS = 30
    settings.NOTIFICATION_RETENTION_DAYS = 90
    settings.TIMELINE_RETENTION_DAYS = 365
    long_ago = NOW - dt.timedelta(days=400)
    with time_machine.travel(long_ago, tick=False):
        closed = _answered(world, long_ago)
        open_one = world.file(title="아직 처리 중")
        old_sent = OutboxMessage.objects.create(task_name="tests.ping", published_at=timezone.now())
        old_pending = OutboxMessage.objects.create(task_name="tests.ping")
        note = {"user": world.member, "suggestion": closed, "channel": "email", "kind": "x", "message": "m"}
        old_note = Notification.objects.create(key="old-sent", status="sent", **note)
        old_waiting = Notification.objects.create(key="old-pending", status="pending", **note)
    with time_machine.travel(NOW - dt.timedelta(days=5), tick=False):
        recent_sent = OutboxMessage.objects.create(task_name="tests.ping", published_at=timezone.now())
        recent_note = Notification.objects.create(key="recent-sent", status="sent", **note)

    with time_machine.travel(NOW, tick=False):
        assert prune_outbox() >= 1
        assert retention.prune_notifications() >= 1
        assert retention.prune_timeline() >= 1
    outbox = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert old_sent.pk not in outbox and {old_pending.pk, recent_sent.pk} <= outbox
    notes = set(Notification.objects.values_list("pk", flat=True))
    assert old_note.pk not in notes and {old_waiting.pk, recent_note.pk} <= notes
    assert not TimelineEvent.objects.filter(suggestion=closed).exists()
    assert TimelineEvent.objects.filter(suggestion=open_one).exists()  # still open: history kept
    assert Suggestion.objects.filter(pk=closed.pk).exists()


def test_pruning_runs_nightly_through_beat(settings):
    from config.celery_app import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("core.prune_outbox", "suggestions.prune_retention", "partners.end_expired_appointments"):
        assert name in scheduled
        app.loader.import_default_modules()
        assert name in app.tasks
