"""Who is told what, on which channel. Called by the Celery tasks in suggestions.tasks only.

Every message is one `Notification` row per user and channel with a unique `key`; the row is
locked while sending and marked `sent_at`, so a redelivered task finds it and sends nothing twice.
Messages are PII-masked (they leave the system by e-mail and SMS).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from partners.models import OfficerMembership, Profile

from . import deadlines, sms
from .models import Answer, Notification, Suggestion, TimelineEvent
from .text import mask_pii
from .workflow import CLOCK_STATES

logger = logging.getLogger(__name__)
User = get_user_model()

# kind → (text for the proposer, who else is told)
PROPOSER_MESSAGES = {
    "received": "제안 ‘{title}’이(가) 접수되었습니다.",
    "assigned": "제안 ‘{title}’이(가) {department}에 배정되었습니다. 처리 기한: {due}",
    "transferred": "제안 ‘{title}’의 담당 부서가 {department}(으)로 바뀌었습니다.",
    "extended": "제안 ‘{title}’의 처리 기한이 {due}(으)로 연장되었습니다. 사유: {message}",
    "supplement_requested": "제안 ‘{title}’에 보완 요청이 있습니다: {message}",
    "site_check": "제안 ‘{title}’의 현장 진단이 예정되었습니다. {message}",
    "site_check_done": "제안 ‘{title}’의 현장 진단 결과가 등록되었습니다.",
    "referred": "제안 ‘{title}’이(가) 관계기관에 통보되었습니다. {message}",
    "referral_reply": "제안 ‘{title}’에 관계기관 회신이 등록되었습니다.",
    "answered": "제안 ‘{title}’에 공식 답변이 게시되었습니다.",
    "answer_corrected": "제안 ‘{title}’의 공식 답변이 정정되었습니다.",
    "implemented": "제안 ‘{title}’이(가) 반영 완료되었습니다.",
    "merged": "제안 ‘{title}’이(가) 같은 내용의 다른 제안과 병합되었습니다.",
}
DEPARTMENT_MESSAGES = {
    "assigned": "[부서 배정] 새 제안 ‘{title}’ (처리 기한 {due})",
    "transferred": "[부서 배정] 이송된 제안 ‘{title}’ (처리 기한 {due})",
    "supplemented": "[보완 완료] 제안 ‘{title}’에 작성자의 보완 내용이 등록되었습니다.",
}


def channels_for(user) -> list[str]:
    profile = Profile.objects.filter(user=user).first()
    in_app = profile.notify_in_app if profile else True
    email = profile.notify_email if profile else True
    sms_on = profile.notify_sms if profile else False
    out = []
    if in_app:
        out.append(Notification.Channel.IN_APP)
    if email and user.email:
        out.append(Notification.Channel.EMAIL)
    if sms_on and profile and profile.phone:
        out.append(Notification.Channel.SMS)
    return out


def _link(suggestion: Suggestion | None, for_police: bool = False) -> str:
    if suggestion is None:
        return settings.SITE_URL + "/suggestions/notifications/"
    if for_police:
        return f"{settings.SITE_URL}/admin/inbox/{suggestion.pk}/"
    return f"{settings.SITE_URL}/suggestions/{suggestion.pk}/"


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
                body = f"{text}\n\n{link}\n\n— 청(聽) Cheong, 서울경찰청 치안파트너스"
                subject = text.splitlines()[0][:60] if text else kind
                send_mail(f"[청] {subject}", body, settings.DEFAULT_FROM_EMAIL, [user.email])
            elif channel == Notification.Channel.SMS:
                sms.send_sms(user.profile.phone, f"[청] {text[:70]} {link}")
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


def _format(template: str, event: TimelineEvent) -> str:
    s = event.suggestion
    return template.format(
        title=s.title,
        department=event.data.get("department_name") or (s.department.name if s.department else ""),
        due=s.due_date.isoformat() if s.due_date else "-",
        message=event.message[:200],
    )


def deliver_event(event_id: int) -> int:
    """Notify everyone concerned by one timeline event."""
    event = TimelineEvent.objects.select_related("suggestion", "suggestion__department").filter(pk=event_id).first()
    if event is None:
        return 0
    s = event.suggestion
    sent = 0
    base = f"event:{event.pk}"
    if event.kind in PROPOSER_MESSAGES and s.author_id and not event.police_only:
        sent += deliver(
            s.author,
            kind=event.kind,
            message=_format(PROPOSER_MESSAGES[event.kind], event),
            key=base,
            suggestion=s,
            link=_link(s),
        )
    if event.kind in DEPARTMENT_MESSAGES:
        for user in _department_users(s.department_id):
            sent += deliver(
                user,
                kind=event.kind,
                message=_format(DEPARTMENT_MESSAGES[event.kind], event),
                key=base,
                suggestion=s,
                link=_link(s, True),
            )
    if event.kind == "answer_submitted":
        for user in _department_users(s.department_id, heads_only=True):
            sent += deliver(
                user,
                kind=event.kind,
                message=f"[결재 요청] 제안 ‘{s.title}’의 답변(v{event.data.get('version')})이 결재를 기다립니다.",
                key=base,
                suggestion=s,
                link=_link(s, True),
            )
    if event.kind == "answer_returned":
        answer = Answer.objects.filter(pk=event.data.get("answer")).select_related("author").first()
        if answer and answer.author:
            sent += deliver(
                answer.author,
                kind=event.kind,
                message=f"[반려] 제안 ‘{s.title}’의 답변이 반려되었습니다: {event.message[:200]}",
                key=base,
                suggestion=s,
                link=_link(s, True),
            )
    if event.kind == "transfer_requested":
        for user in hq_users():
            sent += deliver(
                user,
                kind=event.kind,
                message=f"[이송 요청] 제안 ‘{s.title}’: {event.message[:200]}",
                key=base,
                suggestion=s,
                link=_link(s, True),
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
            f"[처리 기한 오늘] 제안 ‘{s.title}’의 처리 기한이 오늘입니다."
            if label == "D-day"
            else f"[처리 기한 D-3] 제안 ‘{s.title}’의 처리 기한은 {s.due_date.isoformat()}입니다."
        )
        for user in _department_users(s.department_id):
            sent += deliver(
                user,
                kind="reminder",
                message=text,
                key=f"reminder:{s.pk}:{s.due_date.isoformat()}:{label}",
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
    lines = [f"[기한 경과] 처리 기한이 지난 제안 {len(overdue)}건"]
    lines += [
        f"- {s.due_date.isoformat()} {s.department.name if s.department else '미배정'}: {s.title}" for s in overdue
    ]
    sent = 0
    for user in hq_users():
        sent += deliver(
            user,
            kind="overdue",
            message="\n".join(lines),
            key=f"overdue:{today.isoformat()}",
            link=settings.SITE_URL + "/suggestions/hq/",
        )
    return sent
