"""The deputy is told when a head names them (대결 지정), with the answers already waiting on the
head: queued by `partners.services.name_deputy` through the outbox (task `suggestions.notify_delegation`)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from partners.models import Delegation, Profile

from .models import Answer
from .notifications import deliver

SEOUL = ZoneInfo("Asia/Seoul")


def _name(user) -> str:
    profile = Profile.objects.filter(user=user).first()
    return (profile.display_name if profile else "") or user.get_username()


def notify_delegation(delegation_id: int) -> int:
    """One notice to the deputy (once per delegation: the key); 0 when it was revoked meanwhile."""
    d = Delegation.objects.select_related("head", "deputy", "department").filter(pk=delegation_id).first()
    if d is None or d.revoked_at is not None:
        return 0
    waiting = Answer.objects.filter(
        state=Answer.State.PENDING, department=d.department, step_role="head", step_approver__isnull=True
    ).count()
    message = gettext(
        "[대결 지정] %(head)s이(가) %(start)s부터 %(end)s까지 %(department)s 결재를 맡겼습니다 (사유: %(reason)s). "
        "지금 결재 대기 %(waiting)d건."
    ) % {
        "head": _name(d.head),
        "start": d.starts_at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M"),
        "end": d.ends_at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M"),
        "department": d.department.name,
        "reason": d.reason[:200],
        "waiting": waiting,
    }
    link = settings.SITE_URL + reverse("suggestions_inbox:approvals")
    return deliver(d.deputy, kind="delegation_named", message=message, key=f"delegation:{d.pk}", link=link)
