"""Reads for 탄력순찰: a hotspot cell's reports straight from the database (the same box as the
search grid, `suggestions.geo.tile_bounds`), requests, plans and the reporters behind a spot."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from partners.access import Principal

from .. import timebands
from ..geo import tile_bounds
from ..models import Suggestion
from .models import PatrolPlan, PatrolRequest, PatrolSpot, PatrolUnit

User = get_user_model()


def cell_reports(key: str, time_band: str = "", weekdays: Iterable[int] = (), risk_type: str = "") -> list[Suggestion]:
    """The field reports inside the z/x/y tile (pins and address centroids alike), filed on one of
    `weekdays` (Seoul time) and whose time band overlaps `time_band` (when given)."""
    b = tile_bounds(key)
    rows = (
        Suggestion.objects.filter(
            kind=Suggestion.Kind.FIELD_REPORT,
            lat__gte=b["south"],
            lat__lt=b["north"],
            lon__gte=b["west"],
            lon__lt=b["east"],
            merged_into__isnull=True,
        )
        .exclude(status=Suggestion.Status.WITHDRAWN)
        .select_related("station")
        .order_by("created_at", "pk")
    )
    days = sorted(set(weekdays))
    if days:
        rows = rows.filter(created_at__iso_week_day__in=days)  # in the current time zone (Asia/Seoul)
    if risk_type:
        rows = rows.filter(risk_type=risk_type)
    wanted = set(timebands.hours(time_band)[1]) if time_band else set()
    if not wanted:
        return list(rows)
    return [s for s in rows if wanted & set(timebands.hours(s.time_band)[1])]


def unit_departments() -> dict[int, int]:
    """station_id → the department that patrols for it."""
    return dict(PatrolUnit.objects.values_list("station_id", "department_id"))


def requests_for(principal: Principal) -> QuerySet[PatrolRequest]:
    rows = PatrolRequest.objects.select_related("station", "department").prefetch_related("reports")
    if principal.is_admin or principal.is_hq:
        return rows
    return rows.filter(department_id__in=principal.department_ids)


def plans_for(principal: Principal) -> QuerySet[PatrolPlan]:
    rows = PatrolPlan.objects.select_related("station", "department")
    if principal.is_admin or principal.is_hq:
        return rows
    mine = Q(department_id__in=principal.department_ids) | Q(spots__assignee_id=principal.user_id)
    return rows.filter(mine).distinct()


def plan_spots(plan: PatrolPlan) -> QuerySet[PatrolSpot]:
    return plan.spots.select_related("assignee", "request").prefetch_related("logs")


def spot_reporters(spot: PatrolSpot) -> list:
    """The active authors of the reports that fed the spot, once each."""
    if spot.request is None:
        return []
    ids = spot.request.reports.exclude(author__isnull=True).values_list("author_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def assignable_officers(department_id: int | None) -> QuerySet:
    if department_id is None:
        return User.objects.none()
    return User.objects.filter(
        officer_memberships__department_id=department_id, officer_memberships__is_active=True, is_active=True
    ).distinct()
