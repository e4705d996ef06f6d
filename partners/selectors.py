"""Reads for partners pages (permission decisions come from partners.access)."""

from __future__ import annotations

from django.db.models import QuerySet

from . import access
from .models import Membership, PartnerGroup


def manageable_groups(user) -> QuerySet[PartnerGroup]:
    """Groups whose members the user may see and manage: represented groups; all for HQ/admins."""
    principal = access.principal_for(user)
    if access.can_manage_groups(principal):
        return PartnerGroup.objects.all()
    return PartnerGroup.objects.filter(pk__in=principal.rep_group_ids, is_active=True)


def group_members(group: PartnerGroup) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(group=group)
        .select_related("user", "user__profile")
        .order_by("-is_active", "role", "user__username")
    )
