"""Writes of a referral (관계기관 통보): referring to a directory agency with a reply deadline, and
the agency's outcome — recorded by the officer or through the agency's one-time link. Each outcome
is a timeline event (the reporter is notified through the events catalogue) and rotates the link."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partners import access

from .. import deadlines
from ..events_catalogue import timeline_text
from ..models import Suggestion, TimelineEvent
from ..services.events import SystemActor, _actor, _deny, _lock, _principal, record_event
from ..workflow import ANSWERED_STATES, CLOCK_STATES, require_status
from . import links, mail
from .models import Agency, AgencyReferral

K = TimelineEvent.Kind
R = AgencyReferral.Status
OUTCOMES = (R.RECEIVED, R.IN_PROGRESS, R.DONE, R.IMPOSSIBLE)

# The agency answering through its e-mailed link: no account, recorded as no actor.
AGENCY_LINK = SystemActor("agency-link", notify=True, event_data={"via": "agency_link"})


def refer(
    user, suggestion: Suggestion, *, agency: Agency, business_days: int | None = None, note: str = ""
) -> AgencyReferral:
    """관계기관 통보 to a directory agency: the reply is due in `business_days` (setting by default);
    the agency's contact gets the referral and its link by e-mail."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    if not agency.active:
        raise ValidationError({"agency": gettext("사용하지 않는 기관입니다. 관계기관 목록을 확인해 주세요.")})
    days = settings.REFERRAL_REPLY_BUSINESS_DAYS if business_days is None else business_days
    if not 1 <= days <= 60:
        raise ValidationError({"business_days": gettext("회신 기한은 1~60 영업일 사이로 정해 주세요.")})
    today = deadlines.local_today()
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, CLOCK_STATES | ANSWERED_STATES, gettext("관계기관 통보"))
        referral = AgencyReferral.objects.create(
            suggestion=s,
            agency=agency.name,
            directory=agency,
            referred_on=today,
            reply_due=deadlines.add_business_days(today, days),
            reply=note.strip(),
            link_nonce=links.new_nonce(),
            created_by=_actor(user),
        )
        record_event(
            s,
            user,
            K.REFERRED,
            message=timeline_text(K.REFERRED, agency=referral.agency),
            referral=referral.pk,
            agency=referral.agency,
            reply_due=referral.reply_due,
        )
        mail.queue_link(referral, reason="referred")
    return referral


def _check_outcome(referral: AgencyReferral, status: str, reason: str) -> None:
    if referral.is_closed:
        raise ValidationError(gettext("이미 종결된 통보입니다. 조치 상태를 바꿀 수 없습니다."))
    if status not in OUTCOMES:
        raise ValidationError({"status": gettext("조치 상태를 골라 주세요.")})
    if status == referral.status:
        raise ValidationError({"status": gettext("지금과 같은 조치 상태입니다.")})
    if status == R.IMPOSSIBLE and not reason.strip():
        raise ValidationError({"reason": gettext("조치 불가 사유를 입력해 주세요.")})


def _apply_outcome(actor, r: AgencyReferral, status: str, note: str, reason: str) -> AgencyReferral:
    """Under the referral's row lock: the new status, the event, the link rotated (or retired)."""
    old = r.status
    r.status = status
    r.reason = reason.strip() if status == R.IMPOSSIBLE else ""
    if note.strip():
        r.reply = note.strip()
    r.replied_on = deadlines.local_today()
    r.closed_at = timezone.now() if r.is_closed else None
    r.link_nonce = "" if r.is_closed else links.new_nonce()
    r.save(update_fields=["status", "reason", "reply", "replied_on", "closed_at", "link_nonce"])
    label = str(R(status).label)
    shown = " — ".join(x for x in (label, r.reason or note.strip()) if x)
    record_event(
        r.suggestion,
        actor,
        K.REFERRAL_REPLY,
        message=timeline_text(K.REFERRAL_REPLY, agency=r.agency, reply=shown),
        referral=r.pk,
        agency=r.agency,
        reply=shown,
        from_referral_status=old,
        referral_status=status,
    )
    if not r.is_closed:
        mail.queue_link(r, reason=f"status:{status}")
    return r


def record_outcome(user, referral: AgencyReferral, *, status: str, note: str = "", reason: str = "") -> AgencyReferral:
    """The officer records the agency's outcome (by phone, by official letter)."""
    if not access.can_handle(_principal(user), referral.suggestion):
        raise _deny()
    with transaction.atomic():
        r = AgencyReferral.objects.select_for_update().select_related("suggestion").get(pk=referral.pk)
        _check_outcome(r, status, reason)
        return _apply_outcome(user, r, status, note, reason)


def record_outcome_by_link(token: str, *, status: str, note: str = "", reason: str = "") -> AgencyReferral | None:
    """The agency records its outcome through the link; None when the token is not (or no longer)
    good — the caller answers that like a missing page. A refused input keeps the link usable."""
    with transaction.atomic():
        r = links.referral_for(token, for_update=True)
        if r is None:
            return None
        _check_outcome(r, status, reason)
        return _apply_outcome(AGENCY_LINK, r, status, note, reason)
