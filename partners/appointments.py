"""위촉 기간: a partner group past its `appointed_until` loses partner access at once
(`access.principal_for` counts only groups within their appointment), and a daily task deactivates
it for good (audited), like an administrator would."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from core.audit import record

from .models import PartnerGroup
from .services import sync_group_members


def today() -> date:
    return timezone.localdate()  # Asia/Seoul: an appointment "until 12-31" ends at midnight KST


def end_expired_appointments() -> int:
    ended = 0
    for group in PartnerGroup.objects.filter(is_active=True, appointed_until__lt=today()):
        with transaction.atomic():
            PartnerGroup.objects.filter(pk=group.pk).update(is_active=False)
            record(None, "partners.appointment_ended", group, appointed_until=str(group.appointed_until))
            sync_group_members(group)
        ended += 1
    return ended
