"""Who is told what, on which channel, and the delivery of each message. Called by the Celery
tasks in suggestions.tasks (and the admin's retry) only.

Every message is one `Notification` row per user and channel with a unique `key`, so a redelivered
task creates nothing twice. Creating the rows is the write: in-app rows are delivered by existing;
each e-mail/SMS row queues one `suggestions.deliver_notification` task in the same transaction
(core.outbox). That task sends outside any transaction: it first claims the row (attempts + 1,
next_attempt_at pushed past the send) with one conditional UPDATE, so a second copy of the task
finds nothing to do, then records sent or the error. A failed send waits with exponential backoff
(beat's `suggestions.retry_notifications` queues the due rows) and is `failed` after
NOTIFY_MAX_ATTEMPTS, listed for admins; it never holds up another row. Messages are PII-masked
(they leave the system by e-mail and SMS).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import smtplib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core import audit, outbox
from partners.models import OfficerMembership, Profile
from partners.selectors import step_approvers

from . import deadlines, events_catalogue, sms
from .events_catalogue import Audience
from .following import selectors as following_selectors
from .models import Answer, Notification, Suggestion, TimelineEvent
from .text import mask_pii
from .workflow import CLOCK_STATES

logger = logging.getLogger(__name__)
User = get_user_model()
Status = Notification.Status
DELIVER_TASK = "suggestions.deliver_notification"


def channels_for(user) -> list[str]:
    profile = Profile.objects.filter(user=user).first()
    in_app = profile.notify_in_app if profile else True
    email = profile.notify_email if profile else True
    sms_on = profile.notify_sms if profile else False
    out: list[str] = []
    if in_app:
        out.append(Notification.Channel.IN_APP)
    if email and user.email:
        out.append(Notification.Channel.EMAIL)
    if sms_on and profile and profile.phone:
        out.append(Notification.Channel.SMS)
    return out


def _link(suggestion: Suggestion | None, for_police: bool = False) -> str:
    if suggestion is None:
        return settings.SITE_URL + reverse("suggestions:notifications")
    if for_police:
        return settings.SITE_URL + reverse("suggestions_inbox:detail", args=[suggestion.pk])
    return settings.SITE_URL + reverse("suggestions:detail", args=[suggestion.pk])


def deliver(user, *, kind: str, message: str, key: str, suggestion: Suggestion | None = None, link: str = "") -> int:
    """Record `message` for `user` on each chosen channel once per `key`; returns how many rows are new.

    In-app rows are delivered now; e-mail/SMS rows are queued for `send_one` (on commit)."""
    if not user.is_active:
        return 0
    text = mask_pii(message)
    created = 0
    for channel in channels_for(user):
        in_app = channel == Notification.Channel.IN_APP
        now = timezone.now()
        with transaction.atomic():
            note, new = Notification.objects.get_or_create(
                key=f"{key}:{user.pk}:{channel}"[:200],
                defaults={
                    "user": user,
                    "suggestion": suggestion,
                    "channel": channel,
                    "kind": kind,
                    "message": text,
                    "link": link[:500],
                    "status": Status.SENT if in_app else Status.PENDING,
                    "sent_at": now if in_app else None,
                    "next_attempt_at": None if in_app else now + _lease(),
                },
            )
            if new and not in_app:
                outbox.enqueue(DELIVER_TASK, note.pk, 0)
        created += new
    return created


# --- Sending (outside any write transaction) ---------------------------------------------------


def backoff(attempt: int) -> dt.timedelta:
    """Wait after the `attempt`-th failed try: base, 2×base, 4×base, … capped."""
    seconds = settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.NOTIFY_RETRY_MAX_SECONDS))


def _is_permanent(exc: Exception) -> bool:
    """Errors that the same message would meet again: a refused address or number."""
    if isinstance(exc, sms.SMSError):
        return exc.permanent
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False  # our credentials: fixing the settings makes the retry work
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def email_message_id(key: str) -> str:
    """A Message-ID fixed by the key: mail clients fold a duplicate should a send ever be repeated."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@cheong.notifications>"


def _transmit(note: Notification) -> str:
    """Hand one message to its channel; the gateway's message id ('' for e-mail)."""
    if not note.user.is_active:
        raise sms.SMSError("user deactivated", permanent=True)
    if note.channel == Notification.Channel.EMAIL:
        if not note.user.email:
            raise sms.SMSError("user has no e-mail address", permanent=True)
        body = f"{note.message}\n\n{note.link}\n\n" + gettext("— 청(聽) Cheong, 서울경찰청 치안파트너스")
        subject = note.message.splitlines()[0][:60] if note.message else note.kind
        message_id = email_message_id(note.key)
        EmailMessage(
            gettext("[청] %(subject)s") % {"subject": subject},
            body,
            settings.DEFAULT_FROM_EMAIL,
            [note.user.email],
            headers={"Message-ID": message_id},
        ).send()
        return ""
    phone = Profile.objects.filter(user=note.user).values_list("phone", flat=True).first()
    if not phone:
        raise sms.SMSError("user has no phone number", permanent=True)
    return sms.send_sms(phone, gettext("[청] %(text)s %(link)s") % {"text": note.message, "link": note.link}, note.key)


def _lease() -> dt.timedelta:
    """How long a queued or running try owns its row before the sweep may queue it again."""
    return dt.timedelta(seconds=settings.NOTIFY_SEND_TIMEOUT * 2)


def send_one(note_id: int, attempts: int | None = None, now: dt.datetime | None = None) -> bool:
    """Try one pending e-mail/SMS row; True when it went out now.

    A task passes the `attempts` count it was queued for; without it the row must be due at `now`."""
    now = now or timezone.now()
    note = Notification.objects.select_related("user").filter(pk=note_id, status=Status.PENDING).first()
    if note is None or (attempts is not None and note.attempts != attempts):
        return False  # sent, given up, or a copy of a try that another task already made
    if attempts is None and (note.next_attempt_at is None or note.next_attempt_at > now):
        return False
    attempt = note.attempts + 1
    # The claim: only one caller moves `attempts` from n to n+1. next_attempt_at moves past the
    # longest send, so a worker that dies mid-send leaves the row to be retried, not lost.
    claimed = Notification.objects.filter(pk=note_id, status=Status.PENDING, attempts=note.attempts).update(
        attempts=F("attempts") + 1, next_attempt_at=now + max(backoff(attempt), _lease())
    )
    if not claimed:
        return False
    try:
        external_id = _transmit(note)
    except Exception as exc:  # any channel error: record it, never let it reach another row
        error = f"{type(exc).__name__}: {exc}"[:1000]
        give_up = _is_permanent(exc) or attempt >= settings.NOTIFY_MAX_ATTEMPTS
        Notification.objects.filter(pk=note_id).update(
            status=Status.FAILED if give_up else Status.PENDING,
            next_attempt_at=None if give_up else now + backoff(attempt),
            last_error=error,
        )
        outcome = "given up" if give_up else "will retry"
        logger.warning("notification %s attempt %d failed (%s): %s", note.key, attempt, outcome, error)
        return False
    Notification.objects.filter(pk=note_id).update(
        status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None, external_id=external_id[:100]
    )
    return True


def due_ids(now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    rows = Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=now).order_by("next_attempt_at")
    return list(rows.values_list("pk", flat=True)[:limit])


def queue_due(now: dt.datetime | None = None) -> int:
    """Beat: queue one try for every row whose backoff is over (or whose queued try was lost).

    The row's next_attempt_at moves a lease ahead, so the next sweep does not queue it again."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk__in=due_ids(now))
            .values_list("pk", "attempts")
        )
        Notification.objects.filter(pk__in=[pk for pk, _ in due]).update(next_attempt_at=now + _lease())
        for note_id, attempts in due:
            outbox.enqueue(DELIVER_TASK, note_id, attempts)
    return len(due)


def retry_failed(actor, note_ids: Iterable[int]) -> int:
    """Admin: give failed rows a fresh set of attempts, starting now."""
    with transaction.atomic():
        notes = list(Notification.objects.select_for_update().filter(pk__in=list(note_ids), status=Status.FAILED))
        for note in notes:
            audit.record(actor, "notification.retry", note, last_error=note.last_error, attempts=note.attempts)
            outbox.enqueue(DELIVER_TASK, note.pk, 0)
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(
            status=Status.PENDING, attempts=0, next_attempt_at=timezone.now() + _lease()
        )
    return len(notes)


def record_receipt(external_id: str, *, delivered: bool, error: str = "") -> bool:
    """The gateway's delivery receipt for one SMS: delivered, or failed with its reason."""
    rows = Notification.objects.filter(channel=Notification.Channel.SMS, external_id=external_id)
    rows = rows.filter(status__in=[Status.SENT, Status.DELIVERED, Status.FAILED])
    if delivered:
        return bool(rows.update(status=Status.DELIVERED, delivered_at=timezone.now()))
    return bool(rows.update(status=Status.FAILED, last_error=f"receipt: {error or 'failed'}"[:1000]))


def _department_users(department_id: int | None, heads_only: bool = False):
    if department_id is None:
        return User.objects.none()
    rows = OfficerMembership.objects.filter(department_id=department_id, is_active=True)
    if heads_only:
        rows = rows.filter(role=OfficerMembership.Role.HEAD)
    return User.objects.filter(pk__in=rows.values("user_id"), is_active=True)


def hq_users():
    return User.objects.filter(profile__is_hq_analyst=True, is_active=True)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "-"


def _params(event: TimelineEvent) -> dict[str, Any]:
    """What a catalogue notice may name: %(title)s, %(department)s, %(due)s, %(message)s, %(version)s,
    %(new_due)s (an extension request's date)."""
    s = event.suggestion
    return {
        "title": s.title,
        "department": event.data.get("department_name") or (s.department.name if s.department else ""),
        "due": _iso(s.due_date),
        "message": event.message[:200],
        "version": event.data.get("version"),
        "new_due": event.data.get("new_due_date") or "-",
    }


def _audience(audience: Audience, event: TimelineEvent) -> Iterable[Any]:
    s = event.suggestion
    if audience is Audience.PROPOSER:
        return [s.author] if s.author_id and not event.police_only else []
    if audience is Audience.DEPARTMENT:
        return _department_users(s.department_id)
    if audience is Audience.HEADS:
        return _department_users(s.department_id, heads_only=True)
    if audience is Audience.APPROVERS:  # the step as recorded with the event (the answer may have moved on)
        if s.department_id is None:
            return []
        return step_approvers(s.department_id, event.data.get("step_role", "head"), event.data.get("step_approver"))
    if audience is Audience.FOLLOWERS:
        return following_selectors.followers_to_notify(s) if not event.police_only else []
    if audience is Audience.ANSWER_AUTHOR:
        answer = Answer.objects.filter(pk=event.data.get("answer")).select_related("author").first()
        return [answer.author] if answer and answer.author else []
    return hq_users()


def deliver_event(event_id: int) -> int:
    """Notify everyone the catalogue names for one timeline event, in the language active now."""
    event = TimelineEvent.objects.select_related("suggestion", "suggestion__department").filter(pk=event_id).first()
    if event is None:
        return 0
    s = event.suggestion
    params = _params(event)
    sent = 0
    for audience, template in events_catalogue.notices(event.kind):
        message = events_catalogue.notice_text(template, params)
        for user in _audience(audience, event):
            sent += deliver(
                user,
                kind=event.kind,
                message=message,
                key=f"event:{event.pk}",
                suggestion=s,
                link=_link(s, for_police=audience not in (Audience.PROPOSER, Audience.FOLLOWERS)),
            )
    return sent


def send_deadline_reminders(today: dt.date | None = None) -> int:
    """D-3 (business days) and due-day reminders to the department's officers (to HQ for the
    unrouted ones waiting in its triage queue)."""
    today = today or deadlines.local_today()
    d3 = deadlines.add_business_days(today, 3)
    sent = 0
    open_items = Suggestion.objects.filter(status__in=CLOCK_STATES, due_date__in=[today, d3]).select_related(
        "department"
    )
    for s in open_items:
        label = "D-day" if s.due_date == today else "D-3"
        text = (
            gettext("[처리 기한 오늘] 제안 ‘%(title)s’의 처리 기한이 오늘입니다.") % {"title": s.title}
            if label == "D-day"
            else gettext("[처리 기한 D-3] 제안 ‘%(title)s’의 처리 기한은 %(due)s입니다.")
            % {"title": s.title, "due": _iso(s.due_date)}
        )
        for user in _department_users(s.department_id) if s.department_id else hq_users():
            sent += deliver(
                user,
                kind="reminder",
                message=text,
                key=f"reminder:{s.pk}:{_iso(s.due_date)}:{label}",
                suggestion=s,
                link=_link(s, True),
            )
    return sent


OVERDUE_DIGEST_ROWS = 50  # rows listed in the daily overdue digest; the total is always the true one


def send_overdue_digest(today: dt.date | None = None) -> int:
    """The list of overdue suggestions to HQ users, once a day: the true total, and the first
    OVERDUE_DIGEST_ROWS (oldest deadline first; unrouted ones waiting in HQ's triage queue included)."""
    today = today or deadlines.local_today()
    overdue_qs = Suggestion.objects.filter(status__in=CLOCK_STATES, due_date__lt=today)
    total = overdue_qs.count()
    referral_lines = overdue_referral_lines(today)
    if not total and not referral_lines:
        return 0
    overdue = list(overdue_qs.select_related("department").order_by("due_date", "pk")[:OVERDUE_DIGEST_ROWS])
    lines = [gettext("[기한 경과] 처리 기한이 지난 제안 %(count)d건") % {"count": total}]
    if total > len(overdue):
        lines.append(
            gettext("(기한이 가장 오래 지난 상위 %(shown)d건만 적습니다. 전체 목록은 본청 현황에서 보세요.)")
            % {"shown": len(overdue)}
        )
    lines += [
        f"- {_iso(s.due_date)} {s.department.name if s.department else gettext('미배정')}: {s.title}" for s in overdue
    ]
    lines += referral_lines
    sent = 0
    for user in hq_users():
        sent += deliver(
            user,
            kind="overdue",
            message="\n".join(lines),
            key=f"overdue:{today.isoformat()}",
            link=settings.SITE_URL + reverse("suggestions:hq"),
        )
    return sent


def overdue_referral_lines(today: dt.date) -> list[str]:
    """The digest's section of referrals whose agency reply is overdue (POST-CSO), oldest first."""
    from .referrals.selectors import overdue_referrals

    qs = overdue_referrals(today)
    total = qs.count()
    if not total:
        return []
    lines = ["", gettext("[회신 기한 경과] 관계기관 통보 %(count)d건") % {"count": total}]
    lines += [f"- {_iso(r.reply_due)} {r.agency}: {r.suggestion.title}" for r in qs[:OVERDUE_DIGEST_ROWS]]
    return lines
