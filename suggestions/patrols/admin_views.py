"""Wagtail admin "탄력순찰" (police): requests (from a hotspot cell, here or on HQ's hotspot map),
weekly plans with their spots, the patrol log form and the exports. Every decision is
partners.access; the writes are suggestions.patrols.services; refusals come back as messages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSALS, report_refusal
from core.weekdays import WEEKDAYS, weekday_label
from partners import access

from . import exports, selectors, services
from .models import PatrolPlan, PatrolRequest, PatrolSpot


def _principal(request: HttpRequest) -> access.Principal:
    principal = access.principal_for(request.user)
    if not access.can_view_patrols(principal):
        raise Http404
    return principal


def index(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    requests = selectors.requests_for(principal)
    department_ids = {r.department_id for r in requests if r.department_id} | set(principal.department_ids)
    officers = [u for d in sorted(department_ids) for u in selectors.assignable_officers(d)]
    this_week = timezone.localdate().isocalendar()
    open_requests = list(requests.filter(status=PatrolRequest.Status.OPEN))
    for r in open_requests:
        cast(Any, r).days = weekday_label(r.weekdays)
    context = {
        "open_requests": open_requests,
        "planned_requests": requests.filter(status=PatrolRequest.Status.PLANNED)[:50],
        "plans": selectors.plans_for(principal)[:30],
        "officers": list({u.pk: u for u in officers}.values()),
        "this_week": f"{this_week.year}-W{this_week.week:02d}",
        "weekdays": WEEKDAYS,
        "can_plan": access.can_plan_some_patrols(principal),
    }
    return TemplateResponse(request, "suggestions/admin/patrols/index.html", context)


@require_POST
def create_request(request: HttpRequest) -> HttpResponse:
    """From this page's form or the hotspot map's per-cell button."""
    post = request.POST
    try:
        made = services.create_requests(
            request.user,
            cell_key=post.get("cell_key", "").strip(),
            time_band=post.get("time_band", ""),
            weekdays=post.getlist("weekday"),
            risk_type=post.get("risk_type", ""),
            note=post.get("note", ""),
        )
    except REFUSALS as exc:
        report_refusal(request, exc)
        return redirect("suggestions_patrols:index")
    messages.success(
        request,
        _("순찰 요청 %(n)d건을 만들었습니다 (현장 의견 %(m)d건).")
        % {"n": len(made), "m": sum(r.reports.count() for r in made)},
    )
    return redirect("suggestions_patrols:index")


@require_POST
def create_plan(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    post = request.POST
    ids = [int(v) for v in post.getlist("request") if v.isdigit()]
    chosen = list(selectors.requests_for(principal).filter(pk__in=ids, status=PatrolRequest.Status.OPEN))
    assignee = None
    if post.get("assignee", "").isdigit():
        assignee = selectors.User.objects.filter(pk=int(post["assignee"])).first()
    try:
        year, week = services.parse_week(post.get("week", ""))
        plan = services.plan_week(request.user, requests=chosen, year=year, week=week, assignee=assignee)
    except REFUSALS as exc:
        report_refusal(request, exc)
        return redirect("suggestions_patrols:index")
    messages.success(request, _("주간 순찰 계획에 %(n)d곳을 넣었습니다.") % {"n": len(chosen)})
    return redirect("suggestions_patrols:plan", pk=plan.pk)


def _plan(principal: access.Principal, pk: int) -> PatrolPlan:
    return get_object_or_404(selectors.plans_for(principal), pk=pk)


def plan(request: HttpRequest, pk: int) -> HttpResponse:
    principal = _principal(request)
    found = _plan(principal, pk)
    spots = list(selectors.plan_spots(found))
    for s in spots:
        cast(Any, s).can_log = access.can_log_patrol(principal, s.assignee_id, found.department_id)
        cast(Any, s).days = weekday_label(s.weekdays)
    today = timezone.localdate()
    context = {
        "plan": found,
        "spots": spots,
        "default_date": min(max(today, found.monday), found.sunday).isoformat(),
    }
    return TemplateResponse(request, "suggestions/admin/patrols/plan.html", context)


def _parse_log(post) -> tuple[dt.date, dt.time]:
    try:
        day = dt.date.fromisoformat(post.get("date", ""))
        at = dt.time.fromisoformat(post.get("time", ""))
    except ValueError as exc:
        raise ValidationError({"date": _("순찰일과 시각을 2026-12-01, 22:30 형식으로 입력해 주세요.")}) from exc
    return day, at.replace(second=0, microsecond=0)


@require_POST
def log(request: HttpRequest, pk: int) -> HttpResponse:
    principal = _principal(request)
    spot = get_object_or_404(PatrolSpot.objects.select_related("plan", "request"), pk=pk)
    _plan(principal, spot.plan_id)  # the same 404 when the plan is not theirs
    try:
        day, at = _parse_log(request.POST)
        services.log_patrol(request.user, spot, date=day, time=at, notes=request.POST.get("notes", ""))
    except REFUSALS as exc:
        report_refusal(request, exc)
        return redirect("suggestions_patrols:plan", pk=spot.plan_id)
    messages.success(request, _("순찰을 기록했습니다. 이 장소를 신고한 파트너에게 알렸습니다."))
    return redirect("suggestions_patrols:plan", pk=spot.plan_id)


def export(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    principal = _principal(request)
    found = _plan(principal, pk)
    if not access.can_export_patrols(principal, found.department_id):
        raise Http404
    name = f"patrol-{found.year}-W{found.week:02d}-{found.pk}"
    if what == "plan.csv":
        body, kind = exports.plan_csv(found).encode("utf-8-sig"), "text/csv; charset=utf-8"
    elif what == "log.csv":
        body, kind = exports.log_csv(found).encode("utf-8-sig"), "text/csv; charset=utf-8"
    elif what == "plan.geojson":
        body, kind = json.dumps(exports.plan_geojson(found), ensure_ascii=False).encode(), "application/geo+json"
    else:
        raise Http404
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}-{what}"'
    return response


urls = [
    path("", index, name="index"),
    path("requests/new/", create_request, name="create_request"),
    path("plans/new/", create_plan, name="create_plan"),
    path("plans/<int:pk>/", plan, name="plan"),
    path("plans/<int:pk>/<str:what>", export, name="export"),
    path("spots/<int:pk>/log/", log, name="log"),
]
