"""이의신청 and satisfaction reads: what the proposer and the department see (texts masked), the
department's queue and ratings, and satisfaction per department and month (numbers only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils.translation import gettext

from partners import access

from .. import deadlines
from ..callbacks.selectors import callback_outcomes_by_month
from ..models import Rating, Suggestion
from ..services.participation import published_answer_of
from ..text import mask_pii
from ..workflow import ANSWERED_STATES
from .models import Objection

SEOUL = ZoneInfo("Asia/Seoul")
LIST_LIMIT = 200


def _shown(obj: Objection) -> Objection:
    # Reasons and responses are masked wherever they are displayed (the police included).
    shown: Any = obj
    shown.shown_reason = mask_pii(obj.reason)
    shown.shown_response = mask_pii(obj.response)
    shown.days_left = deadlines.days_left(obj.due_date) if obj.state != Objection.State.DONE else None
    return obj


def for_suggestion(principal: access.Principal, s: Suggestion) -> list[Objection]:
    """The objections on a proposal, newest first, for its proposer and its department (else none)."""
    if not access.can_view_objection(principal, s):
        return []
    return [_shown(o) for o in s.objections.select_related("answer").order_by("-created_at", "-id")]


def can_file(principal: access.Principal, s: Suggestion) -> bool:
    """Whether the page offers "이의신청": the proposer, answered, and not yet on the answer in force."""
    if not access.can_object(principal, s) or s.status not in ANSWERED_STATES:
        return False
    answer = published_answer_of(s)
    return answer is not None and not Objection.objects.filter(answer=answer).exists()


def access_objection_by_id(principal: access.Principal, objection_id: Any) -> Objection:
    """An objection the principal may respond to; Http404 for missing and forbidden alike."""
    try:
        pk = int(objection_id)
    except (TypeError, ValueError):
        pk = 0
    obj = Objection.objects.select_related("suggestion", "answer", "suggestion__department").filter(pk=pk).first()
    if obj is None or not access.can_respond_objection(principal, obj.suggestion):
        raise Http404(gettext("이의신청을 찾을 수 없습니다."))
    return _shown(obj)


def department_queue(principal: access.Principal, open_only: bool = False) -> list[Objection]:
    """The objections on the proposals the principal's departments answered (HQ: all)."""
    if not access.can_use_inbox(principal):
        return []
    qs = Objection.objects.filter(access.inbox_q(principal, "suggestion__"))
    if open_only:
        qs = qs.exclude(state=Objection.State.DONE)
    qs = qs.select_related("suggestion", "suggestion__department", "answer").order_by("state", "due_date", "pk")
    return [_shown(o) for o in qs[:LIST_LIMIT]]


def department_ratings(principal: access.Principal) -> list[Rating]:
    """Ratings of the department's answered proposals, newest first: score, masked comment, 민원 flag."""
    if not access.can_use_inbox(principal):
        return []
    qs: QuerySet[Rating] = (
        Rating.objects.filter(access.inbox_q(principal, "suggestion__"))
        .select_related("suggestion", "suggestion__department", "answer")
        .order_by("-created_at", "-id")
    )
    rows = list(qs[:LIST_LIMIT])
    for r in rows:
        cast(Any, r).shown_comment = mask_pii(r.comment)
    return rows


@dataclass
class MonthlySatisfaction:
    department: str
    month: dt.date
    ratings: int
    average: float | None
    low: int  # scores of 1 or 2
    complaints: int


def satisfaction_by_department_month(months: int = 12) -> list[MonthlySatisfaction]:
    """Every rating (each answer version rated counts once) by department and month in Seoul time,
    the last `months` months, newest first. Numbers only: safe for the public statistics page."""
    today = deadlines.local_today()
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    since = dt.datetime.combine(first, dt.time.min, tzinfo=SEOUL)
    rows = (
        Rating.objects.filter(created_at__gte=since, suggestion__department__isnull=False)
        .annotate(month=TruncMonth("created_at", tzinfo=SEOUL))
        .values("suggestion__department__name", "month")
        .annotate(
            n=Count("id"),
            avg=Avg("score"),
            low=Count("id", filter=Q(score__lte=2)),
            complaints=Count("id", filter=Q(is_complaint=True)),
        )
        .order_by("-month", "suggestion__department__name")
    )
    return [
        MonthlySatisfaction(
            department=r["suggestion__department__name"],
            month=r["month"].date() if isinstance(r["month"], dt.datetime) else r["month"],
            ratings=r["n"],
            average=round(r["avg"], 2) if r["avg"] is not None else None,
            low=r["low"],
            complaints=r["complaints"],
        )
        for r in rows
    ]


def callback_outcomes() -> list[Any]:
    """청렴 콜 outcomes by month (the callbacks loop), as rows of (label, count) cells for the HQ table."""
    rows = []
    for row in callback_outcomes_by_month():  # that loop's shape: a mapping or a dataclass per month
        values = dict(row) if isinstance(row, dict) else dict(vars(row))
        month = values.pop("month", "")
        rows.append({"month": month, "cells": sorted(values.items())})
    return rows
