"""청렴 콜 reads: the queue with its filters, one case (missing and forbidden: the same 404), the
relays and re-reviews a department answers, and HQ's outcome counts per month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from partners import access

from ..models import Answer
from ..text import html_to_text, mask_pii
from .models import CallbackCase, CallLog, Relay

C = CallbackCase
AGES = ("1", "3", "7", "14")  # the queue's "older than N days" filter


def _deny_404(allowed: bool) -> None:
    if not allowed:
        raise Http404


def queue(principal: access.Principal, filters: dict[str, Any] | None = None) -> QuerySet[CallbackCase]:
    """The cases, newest first, filtered by source, state, assignee (a user id, "me" or "none") and
    age (opened at least N days ago). Unknown filter values are ignored."""
    _deny_404(access.can_work_callbacks(principal))
    f = filters or {}
    qs = CallbackCase.objects.select_related("suggestion", "suggestion__department", "assignee", "assignee__profile")
    if f.get("source") in C.Source.values:
        qs = qs.filter(source=f["source"])
    state = f.get("state")
    if state in C.State.values:
        qs = qs.filter(state=state)
    elif state != "all":
        qs = qs.exclude(state=C.State.CLOSED)  # by default, the work still to do
    assignee = str(f.get("assignee") or "")
    if assignee == "me":
        qs = qs.filter(assignee_id=principal.user_id)
    elif assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee.isdigit():
        qs = qs.filter(assignee_id=int(assignee))
    if str(f.get("age") or "") in AGES:
        qs = qs.filter(opened_at__lte=timezone.now() - dt.timedelta(days=int(f["age"])))
    return qs.annotate(call_count=Count("calls", distinct=True)).order_by("-opened_at", "-id")


def case_for(principal: access.Principal, pk) -> CallbackCase:
    """One case for whoever works the queue; anyone else (or a wrong id) gets the same 404."""
    _deny_404(access.can_work_callbacks(principal))
    try:
        return CallbackCase.objects.select_related("suggestion", "suggestion__department", "rating", "assignee").get(
            pk=int(pk)
        )
    except (CallbackCase.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    label: str
    text: str
    by: str = ""


def _name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_username()


def case_timeline(case: CallbackCase) -> list[Step]:
    """What happened to the case, in order (every text masked: the callback role reads masked texts)."""
    steps = [Step(case.opened_at, _("접수"), str(case.get_source_display()))]
    for call in CallLog.objects.filter(case=case).select_related("by__profile"):
        label = _("통화 연결") if call.reached else _("통화 불발")
        steps.append(Step(call.at, label, mask_pii(call.note), _name(call.by)))
    for r in Relay.objects.filter(case=case).select_related("department", "requested_by__profile"):
        steps.append(Step(r.requested_at, _("부서 회신 요청"), f"{r.department.name}: {mask_pii(r.request)}"))
        if r.responded_at:
            steps.append(Step(r.responded_at, _("부서 회신"), mask_pii(r.response), _name(r.responded_by)))
    if case.answered_back_at:
        steps.append(Step(case.answered_back_at, _("제안자 회신"), mask_pii(case.answer_back)))
    if case.closed_at:
        text = f"{case.get_outcome_display()} {mask_pii(case.close_note)}".strip()
        steps.append(Step(case.closed_at, _("종결"), text, _name(case.closed_by)))
    return sorted(steps, key=lambda s: s.at)


def masked_suggestion_text(case: CallbackCase) -> dict[str, str]:
    """The proposal as the callback role reads it: masked, whatever the police rules for others."""
    s = case.suggestion
    answer = Answer.objects.filter(suggestion=s, state=Answer.State.PUBLISHED).order_by("-version").first()
    return {
        "title": mask_pii(s.title),
        "body": mask_pii(html_to_text(s.body)),
        "answer": mask_pii(html_to_text(answer.body)) if answer else "",
        "answer_version": str(answer.version) if answer else "",
        "rating_comment": mask_pii(case.rating.comment) if case.rating else "",
    }


def re_review_done(case: CallbackCase) -> bool:
    """A re-review ends when a later answer version is published (the head approved the correction)."""
    if case.outcome != C.Outcome.RE_REVIEW or case.re_review_version is None:
        return False
    return Answer.objects.filter(
        suggestion_id=case.suggestion_id, state=Answer.State.PUBLISHED, version__gt=case.re_review_version
    ).exists()


def relays_for(principal: access.Principal, *, pending_only: bool = False) -> QuerySet[Relay]:
    """The relays addressed to the principal's departments."""
    _deny_404(access.can_view_relays(principal))
    qs = Relay.objects.filter(access.relays_q(principal)).select_related("case", "case__suggestion", "department")
    if pending_only:
        qs = qs.filter(responded_at__isnull=True)
    return qs.order_by("responded_at", "-requested_at")


def relay_for(principal: access.Principal, pk) -> Relay:
    try:
        r = Relay.objects.select_related("case", "case__suggestion", "department").get(pk=int(pk))
    except (Relay.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    _deny_404(access.can_answer_relay(principal, r))
    return r


def re_reviews_for(principal: access.Principal) -> QuerySet[CallbackCase]:
    """Re-reviews ordered on the principal's departments' proposals and not yet done (no newer
    published answer version)."""
    newer = Answer.objects.filter(
        suggestion_id=OuterRef("suggestion_id"), state=Answer.State.PUBLISHED, version__gt=OuterRef("re_review_version")
    )
    return (
        CallbackCase.objects.filter(outcome=C.Outcome.RE_REVIEW, suggestion__department_id__in=principal.department_ids)
        .exclude(Exists(newer))
        .select_related("suggestion")
        .order_by("due_date", "pk")
    )


def callback_outcomes_by_month(months: int = 12) -> list[dict[str, Any]]:
    """Closed cases per month (Asia/Seoul) and outcome, newest month first: [{"month": "2026-11",
    "해결": 3, "설명 완료": 1, "재검토 지시": 0}, …] (labels in the active language)."""
    since = timezone.localdate().replace(day=1) - dt.timedelta(days=31 * (months - 1))
    rows = (
        CallbackCase.objects.filter(state=C.State.CLOSED, closed_at__date__gte=since.replace(day=1))
        .annotate(month=TruncMonth("closed_at"))
        .values("month", "outcome")
        .annotate(n=Count("id"))
    )
    by_month: dict[str, dict[str, Any]] = {}
    for row in rows:
        month_start = row["month"]  # TruncMonth in the current time zone (Asia/Seoul)
        key = (timezone.localtime(month_start) if timezone.is_aware(month_start) else month_start).strftime("%Y-%m")
        month = by_month.setdefault(key, {"month": key, **{str(label): 0 for label in C.Outcome.labels}})
        month[str(C.Outcome(row["outcome"]).label)] = row["n"]
    return [by_month[k] for k in sorted(by_month, reverse=True)]


def open_counts() -> dict[str, int]:
    """Open cases per source (the queue's header)."""
    rows = CallbackCase.objects.exclude(state=C.State.CLOSED).values("source").annotate(n=Count("id"))
    return {r["source"]: r["n"] for r in rows}


def callers_q() -> Q:
    """Users a case may be assigned to (active 민원 점검관), as a Q over users."""
    return Q(profile__is_callback_auditor=True, is_active=True)
