"""Reads for partners pages (permission decisions come from partners.access)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import access
from .models import Delegation, Membership, OfficerMembership, PartnerGroup


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


def step_approvers(department_id: int, role: str, approver_id: int | None) -> QuerySet[User]:
    """Who may approve a step (`access.answer_approval` as a query over users): the named approver or
    the holders of `role` in the department, and the deputies standing in for them right now."""
    now = timezone.now()
    if approver_id is not None:
        heads: Any = [approver_id]
        direct = Q(pk=approver_id)
    else:
        heads = OfficerMembership.objects.filter(department_id=department_id, role=role, is_active=True).values(
            "user_id"
        )
        direct = Q(pk__in=heads)
    deputies = Delegation.objects.filter(
        department_id=department_id,
        head_id__in=heads if role == OfficerMembership.Role.HEAD or approver_id else [],
        starts_at__lte=now,
        ends_at__gt=now,
        revoked_at__isnull=True,
        deputy__officer_memberships__department_id=department_id,
        deputy__officer_memberships__is_active=True,
    ).values("deputy_id")
    return User.objects.filter(direct | Q(pk__in=deputies), is_active=True)


def delegations(department_ids) -> QuerySet[Delegation]:
    """The delegations of these departments, newest first (the head's 대결 page)."""
    return Delegation.objects.filter(department_id__in=department_ids).select_related("department", "head", "deputy")


def department_staff(department_id: int) -> QuerySet[OfficerMembership]:
    """The department's active police staff (deputy and reassignment choices)."""
    return (
        OfficerMembership.objects.filter(department_id=department_id, is_active=True, user__is_active=True)
        .select_related("user", "user__profile")
        .order_by("user__username")
    )
