"""The department's review: starting it, supplements (the clock pauses), site checks (현장 진단) and
referrals to outside agencies (관계기관 통보). Extensions and progress notices: `deadline_rules`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partners import access

from .. import deadlines
from ..attachments import clean_upload
from ..events_catalogue import timeline_text
from ..models import AgencyReferral, SiteCheck, Suggestion, TimelineEvent
from ..text import html_to_text, sanitize
from ..workflow import ANSWERED_STATES, CLOCK_STATES, WorkflowError, require_status
from .events import _actor, _deny, _lock, _move, _principal, record_event

S = Suggestion.Status
K = TimelineEvent.Kind


def start_review(user, suggestion: Suggestion) -> Suggestion:
    """assigned → under_review (검토 시작)."""
    if not access.can_answer(_principal(user), suggestion):
        raise _deny()
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.UNDER_REVIEW)
        s.save(update_fields=["status", "updated_at"])
        record_event(s, user, K.REVIEW_STARTED, from_status=old, to_status=S.UNDER_REVIEW)
    return s


def request_supplement(user, suggestion: Suggestion, message: str) -> Suggestion:
    """보완 요청: the clock stops until the author supplies what is missing."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    if not message.strip():
        raise ValidationError({"message": gettext("보완 요청 내용을 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.SUPPLEMENT)
        s.paused_at = timezone.now()
        s.paused_from_status = old
        s.save(update_fields=["status", "paused_at", "paused_from_status", "updated_at"])
        stops = deadlines.supplement_stops_clock(s.kind, deadlines.local_date(s.received_at), deadlines.local_today())
        record_event(
            s,
            user,
            K.SUPPLEMENT_REQUESTED,
            from_status=old,
            to_status=S.SUPPLEMENT,
            message=message.strip(),
            clock_stopped=stops,
        )
    return s


def submit_supplement(user, suggestion: Suggestion, text: str) -> Suggestion:
    """The author's supplement resumes the clock; the due date moves by the paused business days
    (none for a policy proposal whose correction was requested after the 7-day window)."""
    if not access.is_author(_principal(user), suggestion):
        raise _deny(gettext("작성자만 보완할 수 있습니다."))
    supplement_html = sanitize(text)
    if not html_to_text(supplement_html):
        raise ValidationError({"text": gettext("보완 내용을 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        if s.status != S.SUPPLEMENT:
            raise WorkflowError(gettext("보완 요청을 받은 제안만 보완할 수 있습니다."))
        back_to = s.paused_from_status or S.RECEIVED
        old = _move(s, back_to)
        paused_on = deadlines.local_date(s.paused_at) or deadlines.local_today()
        paused_days = 0
        if deadlines.supplement_stops_clock(s.kind, deadlines.local_date(s.received_at), paused_on):
            paused_days = deadlines.business_days_between(paused_on, deadlines.local_today())
        if s.due_date:
            s.due_date = deadlines.add_business_days(s.due_date, paused_days)
        s.body = sanitize(f"{s.body}<p><strong>[보완]</strong></p>{supplement_html}")
        s.paused_at = None
        s.paused_from_status = ""
        s.save(update_fields=["status", "due_date", "body", "paused_at", "paused_from_status", "updated_at"])
        record_event(
            s,
            user,
            K.SUPPLEMENTED,
            from_status=old,
            to_status=back_to,
            message=html_to_text(supplement_html)[:2000],
            paused_business_days=paused_days,
            due_date=s.due_date,
        )
    return s


def schedule_site_check(user, suggestion: Suggestion, scheduled_for: dt.date) -> SiteCheck:
    """현장 진단 일정 (field reports)."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, CLOCK_STATES | {S.ANSWERED}, gettext("현장 진단"))
        check = SiteCheck.objects.create(suggestion=s, scheduled_for=scheduled_for, created_by=_actor(user))
        record_event(
            s,
            user,
            K.SITE_CHECK,
            message=timeline_text(K.SITE_CHECK, scheduled_for=scheduled_for.isoformat()),
            site_check=check.pk,
            scheduled_for=scheduled_for,
        )
    return check


def record_site_check(user, check: SiteCheck, *, done_on: dt.date, result: str, photo=None) -> SiteCheck:
    """현장 진단 결과 (and an optional photo, cleaned like every attachment)."""
    if not access.can_handle(_principal(user), check.suggestion):
        raise _deny()
    if not result.strip():
        raise ValidationError({"result": gettext("진단 결과를 입력해 주세요.")})
    cleaned = None
    if photo is not None:
        cleaned = clean_upload(photo, images_only=True)
    with transaction.atomic():
        c = SiteCheck.objects.select_for_update().get(pk=check.pk)
        c.done_on = done_on
        c.result = result.strip()
        if cleaned is not None:
            c.photo = cleaned.content
        c.save()
        record_event(c.suggestion, user, K.SITE_CHECK_DONE, message=c.result, site_check=c.pk, has_photo=bool(c.photo))
    return c


def refer_to_agency(user, suggestion: Suggestion, *, agency: str, referred_on: dt.date) -> AgencyReferral:
    """관계기관 통보 (구청, 시설관리공단, …)."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    if not agency.strip():
        raise ValidationError({"agency": gettext("기관명을 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, CLOCK_STATES | ANSWERED_STATES, gettext("관계기관 통보"))
        referral = AgencyReferral.objects.create(
            suggestion=s, agency=agency.strip(), referred_on=referred_on, created_by=_actor(user)
        )
        record_event(
            s,
            user,
            K.REFERRED,
            message=timeline_text(K.REFERRED, agency=referral.agency),
            referral=referral.pk,
            agency=referral.agency,
        )
    return referral


def record_agency_reply(user, referral: AgencyReferral, *, reply: str, replied_on: dt.date) -> AgencyReferral:
    if not access.can_handle(_principal(user), referral.suggestion):
        raise _deny()
    if not reply.strip():
        raise ValidationError({"reply": gettext("회신 내용을 입력해 주세요.")})
    with transaction.atomic():
        r = AgencyReferral.objects.select_for_update().get(pk=referral.pk)
        r.reply = reply.strip()
        r.replied_on = replied_on
        r.save(update_fields=["reply", "replied_on"])
        record_event(
            r.suggestion,
            user,
            K.REFERRAL_REPLY,
            message=timeline_text(K.REFERRAL_REPLY, agency=r.agency, reply=r.reply),
            referral=r.pk,
            agency=r.agency,
            reply=r.reply,
        )
    return r
