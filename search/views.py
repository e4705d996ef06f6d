"""HQ pages (topic search, themes, hotspots, saved searches, exports) and the filing form's
similar-suggestions preview. Thin: the read modules (topics, themes, hotspots, similar, export) do
the work; access via partners.access."""

from __future__ import annotations

import calendar
import itertools
import json
import logging
from functools import wraps

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from core.errors import DomainError
from core.weekdays import WEEKDAYS
from partners.access import Principal, can_plan_some_patrols, can_preview_similar, principal_for
from partners.models import Field
from suggestions.models import Suggestion

from . import export as exports
from . import services, theme_decisions
from .client import SEARCH_UNAVAILABLE
from .geo import map_data
from .hotspots import HotspotFilters, hotspots, valid_tile_key, weekday_bars
from .hotspots import geojson as hotspot_geojson
from .hotspots import reports as hotspot_reports
from .models import SavedSearch
from .params import MAX_WINDOW, ParamError, SearchParams
from .query import label
from .similar import similar_to_text
from .themes import compute as theme_data
from .themes import theme_stats, with_period
from .topics import search_announcements, search_suggestions, trends

logger = logging.getLogger(__name__)

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FACET_LABELS = {
    "field": gettext_lazy("분야"),
    "kind": gettext_lazy("종류"),
    "status": gettext_lazy("상태"),
    "department": gettext_lazy("부서"),
    "group": gettext_lazy("단체"),
    "district": gettext_lazy("자치구"),
    "station": gettext_lazy("경찰서"),
    "month": gettext_lazy("월"),
}


def hq_only(view):
    """HQ analysts and administrators only; everyone else gets the same 404 as a missing page.
    When Elasticsearch cannot be reached the page says so (503) instead of failing with a 500."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        principal = principal_for(request.user)
        if not principal.can_view_hq:
            raise Http404
        request.principal = principal
        try:
            return view(request, *args, **kwargs)
        except SEARCH_UNAVAILABLE:
            logger.exception("search: Elasticsearch unavailable for %s", request.path)
            return render(request, "search/unavailable.html", status=503)

    return wrapper


def _params(data, **kw) -> tuple[SearchParams, dict]:
    try:
        return SearchParams.from_query(data, **kw), {}
    except ParamError as exc:
        return SearchParams(), exc.errors


def _month_links(request, months: list[dict]) -> list[dict]:
    """Month facet: a link narrows the period to that month (date_from/date_to), again to clear."""
    out = []
    for m in months:
        year, month = (int(x) for x in m["key"].split("-"))
        first, last = f"{m['key']}-01", f"{m['key']}-{calendar.monthrange(year, month)[1]:02d}"
        query = request.GET.copy()
        query.pop("page", None)
        selected = query.get("date_from") == first and query.get("date_to") == last
        if selected:
            query.pop("date_from", None)
            query.pop("date_to", None)
        else:
            query["date_from"], query["date_to"] = first, last
        out.append({**m, "selected": selected, "href": "?" + query.urlencode()})
    return out


def _facet_links(request, result) -> list[dict]:
    out = []
    for name, values in result.facets.items():
        if name == "month":
            continue
        current = request.GET.get(name, "")
        items = []
        for v in values:
            query = request.GET.copy()
            query.pop("page", None)
            if current == v["key"]:
                query.pop(name, None)
            else:
                query[name] = v["key"]
            shown = label(name, v["key"]) if name in {"kind", "status"} else v["key"]
            items.append({**v, "label": shown, "selected": current == v["key"], "href": "?" + query.urlencode()})
        out.append({"name": name, "label": FACET_LABELS[name], "values": items})
    return out


def _announcements(principal: Principal, q: str) -> list[dict]:
    """The policy announcements matching the same words (a short 공지 list above the suggestions).
    Secondary: without the announcements index the suggestion results still show."""
    if not q:
        return []
    try:
        return search_announcements(principal, q, size=5)
    except SEARCH_UNAVAILABLE:
        logger.warning("search: announcement search unavailable")
        return []


@require_GET
@hq_only
def search_page(request):
    params, errors = _params(request.GET)
    result = search_suggestions(request.principal, params)
    trend = trends(request.principal, params, (request.GET.get("interval") == "week" and "week") or "month")
    announcements = _announcements(request.principal, params.q)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "search/search.html",
        {
            "params": params,
            "errors": errors,
            "result": result,
            "facets": _facet_links(request, result),
            "months": _month_links(request, result.facets.get("month", [])),
            "trend": trend,
            "announcements": announcements,
            "base_query": query.urlencode(),
            "saved": SavedSearch.objects.filter(owner=request.user)[:20],
            "sorts": [("relevance", _("관련도")), ("date", _("최신순")), ("supports", _("공감순"))],
        },
    )


@require_GET
@hq_only
def themes_page(request):
    params, errors = _params(request.GET)
    data = theme_data(request.principal, params)
    shown = [t for t in data["themes"] if not t["hidden"]]
    rising = sorted((t for t in shown if t["kind"] == "rising"), key=lambda t: (-t["rise"], -t["count"]))
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        rows = exports.theme_rows(shown)
        if fmt == "xlsx":
            return _download(exports.rows_to_xlsx(rows, exports.THEME_COLUMNS, "주제"), XLSX, "themes.xlsx")
        return _download(exports.rows_to_csv(rows, exports.THEME_COLUMNS), CSV, "themes.csv")
    period = with_period(params, data["date_from"], data["date_to"])
    return render(
        request,
        "search/themes.html",
        {
            "params": period,
            "errors": errors,
            "export_base": _without(request.GET, "format"),
            "query": _without(request.GET, "format"),
            "themes": [{**t, **theme_stats(t)} for t in shown[:THEMES_SHOWN]],
            "rising": rising[:10],
            "hidden": [t for t in data["themes"] if t["hidden"]],
            "trend": trends(request.principal, params, "month"),
            "fields": _field_names(),
        },
    )


THEMES_SHOWN = 30
DECISIONS = {"rename", "hide", "unhide", "merge", "split"}


@hq_only
def theme_detail(request, key: str):
    """One theme with its members and HQ's decision forms (rename, merge, split off, hide)."""
    params, _errors = _params(request.GET)
    data = theme_data(request.principal, params)
    theme = next((t for t in data["themes"] if t["key"] == key), None)
    if theme is None:
        raise Http404
    query = _without(request.GET, "format")
    if request.method == "POST":
        return _decide(request, theme, data["themes"], query)
    others = [t for t in data["themes"] if t["key"] != key and not t["hidden"]]
    return render(
        request,
        "search/theme_detail.html",
        {"theme": {**theme, **theme_stats(theme)}, "others": others, "query": query, "period": data},
    )


def _decide(request, theme: dict, all_themes: list[dict], query: str):
    action, user, principal = request.POST.get("action", ""), request.user, request.principal
    members = [d["id"] for d in theme["docs"]]
    back = redirect(f"{request.path}{query}")
    try:
        if action == "rename":
            theme_decisions.rename_theme(user, principal, theme["key"], members, request.POST.get("label", ""))
            messages.success(request, _("주제 이름을 바꿨습니다."))
        elif action in {"hide", "unhide"}:
            theme_decisions.set_theme_hidden(user, principal, theme["key"], members, action == "hide")
            messages.success(request, _("주제를 숨겼습니다.") if action == "hide" else _("주제를 다시 보입니다."))
        elif action == "merge":
            target = next((t for t in all_themes if t["key"] == request.POST.get("target")), None)
            if target is None:
                raise DomainError(_("합칠 주제를 찾을 수 없습니다."), "theme_merge_target")
            target_members = [d["id"] for d in target["docs"]]
            theme_decisions.merge_themes(user, principal, theme["key"], members, target["key"], target_members)
            messages.success(request, _("주제를 합쳤습니다."))
            return redirect(f"{reverse('search:theme', args=[target['key']])}{query}")
        elif action == "split":
            moved = [int(i) for i in request.POST.getlist("moved") if i.isdigit()]
            new = theme_decisions.split_theme(
                user, principal, theme["key"], members, moved, request.POST.get("label", "")
            )
            messages.success(request, _("선택한 제안을 새 주제로 나눴습니다."))
            return redirect(f"{reverse('search:theme', args=[new.key])}{query}")
        else:
            raise DomainError(_("알 수 없는 작업입니다."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return back


def _field_names() -> list[str]:
    return list(Field.objects.values_list("name", flat=True))


def _hotspot_filters(data) -> tuple[HotspotFilters, dict]:
    try:
        return HotspotFilters.from_query(data), {}
    except ParamError as exc:
        return HotspotFilters(), exc.errors


@require_GET
@hq_only
def hotspots_page(request):
    """The HQ hotspot map; `format=json` (what the map script draws), `csv`, or `geojson` (cells and
    every report as points, for the police GIS)."""
    params, errors = _params(request.GET)
    filters, filter_errors = _hotspot_filters(request.GET)
    errors = {**errors, **filter_errors}
    data = hotspots(request.principal, params, filters=filters)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return _download(exports.rows_to_csv(exports.hotspot_rows(data), exports.HOTSPOT_COLUMNS), CSV, "hotspots.csv")
    if fmt == "json":
        return JsonResponse({**data, "errors": errors}, status=400 if errors else 200)
    if fmt == "geojson":
        points = hotspot_reports(request.principal, params, filters, size=MAX_WINDOW)
        body = json.dumps(hotspot_geojson(data, points), ensure_ascii=False).encode()
        return _download(body, "application/geo+json", "hotspots.geojson")
    return render(
        request,
        "search/hotspots.html",
        {
            "params": params,
            "errors": errors,
            "data": data,
            "top_cells": sorted(data["cells"], key=lambda c: -c["count"])[:15],
            "map": {**map_data(), "cells": data["cells"], "cell_url": reverse("search:hotspot_cell")},
            "query": request.GET.urlencode(),
            "hour_base": _without(request.GET, "hour", "format"),
            "fields": _field_names(),
            "filters": filters,
            "risk_types": Suggestion.RiskType.choices,
            "weekday_choices": WEEKDAYS,
            "weekday_bars": weekday_bars(data["weekdays"], dict(WEEKDAYS)),
            # 탄력순찰: a per-cell button posting the cell and these filters to the admin's request form.
            "can_request_patrols": can_plan_some_patrols(request.principal),
        },
    )


@require_GET
@hq_only
def hotspot_cell(request):
    """JSON: the reports of one grid cell (`key`=z/x/y) under the map's filters, newest first."""
    params, errors = _params(request.GET)
    filters, filter_errors = _hotspot_filters(request.GET)
    errors = {**errors, **filter_errors}
    key = request.GET.get("key", "")
    if not valid_tile_key(key):
        errors["key"] = _("격자 키(z/x/y)가 올바르지 않습니다.")
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse({"key": key, "reports": hotspot_reports(request.principal, params, filters, key)})


def _without(query, *names) -> str:
    """The query string without `names`, ending so that `name=value` can be appended."""
    copy = query.copy()
    for name in names:
        copy.pop(name, None)
    encoded = copy.urlencode()
    return f"?{encoded}&" if encoded else "?"


def _attachment(response: HttpResponseBase, filename: str) -> HttpResponseBase:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    stem, ext = filename.rsplit(".", 1)
    response["Content-Disposition"] = f'attachment; filename="cheong-{stem}-{stamp}.{ext}"'
    return response


def _download(body: bytes, content_type: str, filename: str) -> HttpResponseBase:
    return _attachment(HttpResponse(body, content_type=content_type), filename)


@require_GET
@hq_only
def export(request, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    params, errors = _params(request.GET)
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    rows = exports.iter_export_rows(request.principal, params)
    # The first page is read here, so an unreachable Elasticsearch is a 503 page, not a cut file.
    first = next(rows, None)
    everything = itertools.chain([first] if first is not None else [], rows)
    if fmt == "xlsx":
        workbook = exports.xlsx_file(everything, exports.EXPORT_COLUMNS)
        return _attachment(FileResponse(workbook, content_type=XLSX), "search.xlsx")
    return _attachment(
        StreamingHttpResponse(exports.stream_csv(everything, exports.EXPORT_COLUMNS), content_type=CSV), "search.csv"
    )


@hq_only
def saved_searches(request):
    if request.method == "POST":
        params, errors = _params(request.POST)
        if errors:
            messages.error(request, _("검색 조건이 올바르지 않습니다."))
        else:
            services.save_search(request.user, request.principal, request.POST.get("name", ""), params)
            messages.success(request, _("검색을 저장했습니다. 매주 새 제안과 급증을 메일로 알려 드립니다."))
        return redirect("search:saved")
    items = []
    for saved in SavedSearch.objects.filter(owner=request.user):
        query = QueryDict(mutable=True)
        query.update(saved.params)
        items.append({"saved": saved, "query": query.urlencode()})
    return render(request, "search/saved.html", {"items": items})


@require_POST
@hq_only
def delete_saved(request, pk: int):
    if not services.delete_saved_search(request.user, request.principal, pk):
        raise Http404
    messages.success(request, _("저장된 검색을 삭제했습니다."))
    return redirect("search:saved")


@require_POST
def similar_preview(request):
    """For the filing form: up to 5 similar suggestions the member may see (JSON). The draft goes
    in a POST body (CSRF-checked), never in the URL, so it stays out of access logs."""
    principal = principal_for(request.user)
    if not can_preview_similar(principal):
        raise Http404
    title = request.POST.get("title", "")[:200]
    body = request.POST.get("body", "")[:5000]
    try:
        results = similar_to_text(principal, title, body, size=5)
    except SEARCH_UNAVAILABLE:  # the filing form works without the hint
        logger.warning("search: similar preview unavailable (Elasticsearch down)")
        return JsonResponse({"results": [], "unavailable": True}, status=503)
    return JsonResponse(
        {
            "results": [
                {
                    "id": r["id"],
                    "title": r["title"],
                    "status": r["status"],
                    "status_label": label("status", r["status"]),
                    "url": r["url"],
                }
                for r in results
            ]
        }
    )
