"""Reads of the POST-CSO loop: a suggestion's site checks with their checklist rows, and HQ's open
referrals by agency and age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from .. import deadlines
from .models import AgencyReferral, ChecklistItem, SiteCheck, SiteCheckItem, SiteCheckPhoto


@dataclass
class ChecklistRow:
    item: ChecklistItem
    result: str
    note: str


def site_checks(suggestion) -> list[SiteCheck]:
    """The suggestion's site checks, each with `checklist_rows`: every active item (and any retired
    item that has a result), with its result so far."""
    checks = list(
        SiteCheck.objects.filter(suggestion=suggestion)
        .select_related("assigned_to")
        .prefetch_related(
            Prefetch("items", queryset=SiteCheckItem.objects.select_related("item")),
            Prefetch("photos", queryset=SiteCheckPhoto.objects.order_by("pk")),
        )
    )
    active = list(ChecklistItem.objects.filter(active=True))
    for c in checks:
        done = {i.item_id: i for i in c.items.all()}
        rows = [
            ChecklistRow(i, done[i.pk].result if i.pk in done else "", done[i.pk].note if i.pk in done else "")
            for i in active
        ]
        rows += [ChecklistRow(r.item, r.result, r.note) for r in done.values() if not r.item.active]
        c.checklist_rows = rows  # type: ignore[attr-defined]
    return checks


@dataclass
class OpenReferral:
    referral: AgencyReferral
    age_days: int
    overdue_business_days: int


def open_referrals(today: dt.date | None = None) -> dict[str, list[OpenReferral]]:
    """Open referrals grouped by agency (name), oldest first, with their age and how many business
    days past the reply deadline they are."""
    today = today or deadlines.local_today()
    qs = (
        AgencyReferral.objects.exclude(status__in=AgencyReferral.CLOSED)
        .select_related("suggestion", "directory")
        .order_by("agency", "referred_on", "pk")
    )
    out: dict[str, list[OpenReferral]] = {}
    for r in qs:
        late = deadlines.business_days_between(r.reply_due, today) if r.reply_due and r.reply_due < today else 0
        out.setdefault(r.agency, []).append(OpenReferral(r, (today - r.referred_on).days, late))
    return out


def overdue_referrals(today: dt.date | None = None):
    today = today or deadlines.local_today()
    return (
        AgencyReferral.objects.exclude(status__in=AgencyReferral.CLOSED)
        .filter(reply_due__lt=today)
        .select_related("suggestion")
        .order_by("reply_due", "pk")
    )
