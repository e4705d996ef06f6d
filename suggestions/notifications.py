"""Who is told what, on which channel. Called by the Celery tasks in suggestions.tasks only.

Every message is one `Notification` row per user and channel with a unique `key`; the row is
locked while sending and marked `sent_at`, so a redelivered task finds it and sends nothing twice.
Messages are PII-masked (they leave the system by e-mail and SMS).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from partners.models import OfficerMembership, Profile

from . import deadlines, events_catalogue, sms
from .events_catalogue import Audience
from .models import Answer, Notification, Suggestion, TimelineEvent
from .text import mask_pii
from .workflow import CLOCK_STATES

logger = logging.getLogger(__name__)
User = get_user_model()


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
    """Send `message` to `user` on each chosen channel exactly once per `key`; returns how many went out."""
    if not user.is_active:
        return 0
    text = mask_pii(message)
    sent = 0
    for channel in channels_for(user):
        full_key = f"{key}:{user.pk}:{channel}"[:200]
        with transaction.atomic():
            note, _ = Notification.objects.select_for_update().get_or_create(
                key=full_key,
                defaults={"user": user, "suggestion": suggestion, "channel": channel, "kind": kind, "message": text},
            )
            if note.sent_at is not None:
                continue
            if channel == Notification.Channel.EMAIL:
                body = f"{text}\n\n{link}\n\n" + gettext("— 청(聽) Cheong, 서울경찰청 치안파트너스")
                subject = text.splitlines()[0][:60] if text else kind
                send_mail(
                    gettext("[청] %(subject)s") % {"subject": subject}, body, settings.DEFAULT_FROM_EMAIL, [user.email]
                )
            elif channel == Notification.Channel.SMS:
                sms.send_sms(user.profile.phone, gettext("[청] %(text)s %(link)s") % {"text": text[:70], "link": link})
            note.sent_at = timezone.now()
            note.save(update_fields=["sent_at"])
            sent += 1
    return sent


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
    """What a catalogue notice may name: %(title)s, %(department)s, %(due)s, %(message)s, %(version)s."""
    s = event.suggestion
    return {
        "title": s.title,
        "department": event.data.get("department_name") or (s.department.name if s.department else ""),
        "due": _iso(s.due_date),
        "message": event.message[:200],
        "version": event.data.get("version"),
    }


def _audience(audience: Audience, event: TimelineEvent) -> Iterable[Any]:
    s = event.suggestion
    if audience is Audience.PROPOSER:
        return [s.author] if s.author_id and not event.police_only else []
    if audience is Audience.DEPARTMENT:
        return _department_users(s.department_id)
    if audience is Audience.HEADS:
        return _department_users(s.department_id, heads_only=True)
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
                link=_link(s, for_police=audience is not Audience.PROPOSER),
            )
    return sent


def send_deadline_reminders(today: dt.date | None = None) -> int:
    """D-3 (business days) and due-day reminders to the department's officers."""
    today = today or deadlines.local_today()
    d3 = deadlines.add_business_days(today, 3)
    sent = 0
    open_items = Suggestion.objects.filter(
        status__in=CLOCK_STATES, department__isnull=False, due_date__in=[today, d3]
    ).select_related("department")
    for s in open_items:
        label = "D-day" if s.due_date == today else "D-3"
        text = (
            gettext("[처리 기한 오늘] 제안 ‘%(title)s’의 처리 기한이 오늘입니다.") % {"title": s.title}
            if label == "D-day"
            else gettext("[처리 기한 D-3] 제안 ‘%(title)s’의 처리 기한은 %(due)s입니다.")
            % {"title": s.title, "due": _iso(s.due_date)}
        )
        for user in _department_users(s.department_id):
            sent += deliver(
                user,
                kind="reminder",
                message=text,
                key=f"reminder:{s.pk}:{_iso(s.due_date)}:{label}",
                suggestion=s,
                link=_link(s, True),
            )
    return sent


def send_overdue_digest(today: dt.date | None = None) -> int:
    """The list of overdue suggestions to HQ users, once a day."""
    today = today or deadlines.local_today()
    overdue = list(
        Suggestion.objects.filter(status__in=CLOCK_STATES, due_date__lt=today)
        .select_related("department")
        .order_by("due_date", "pk")[:50]
    )
    if not overdue:
        return 0
    lines = [gettext("[기한 경과] 처리 기한이 지난 제안 %(count)d건") % {"count": len(overdue)}]
    lines += [
        f"- {_iso(s.due_date)} {s.department.name if s.department else gettext('미배정')}: {s.title}" for s in overdue
    ]
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
