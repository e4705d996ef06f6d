"""A weekly plan for the station's paperwork and GIS: its spots and its log as CSV (formula-safe,
core.spreadsheet) and the spots as a GeoJSON FeatureCollection (lon, lat order). Police only."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from core.spreadsheet import write_csv
from core.weekdays import weekday_label

from .models import PatrolPlan
from .selectors import plan_spots


def _officer(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def plan_csv(plan: PatrolPlan) -> str:
    out = io.StringIO()
    header = [_("주간"), _("경찰서·자치구"), _("장소"), _("위도"), _("경도"), _("시간대"), _("요일")]
    header += [_("담당"), _("현장 의견 수"), _("순찰 횟수")]
    rows = (
        [
            f"{plan.year}-W{plan.week:02d}",
            plan.area_label,
            s.label,
            s.lat,
            s.lon,
            s.time_band,
            weekday_label(s.weekdays),
            _officer(s.assignee),
            s.request.reports.count() if s.request else 0,
            len(s.logs.all()),
        ]
        for s in plan_spots(plan)
    )
    write_csv(out, header, rows)
    return out.getvalue()


def log_csv(plan: PatrolPlan) -> str:
    out = io.StringIO()
    header = [_("순찰일"), _("순찰 시각"), _("장소"), _("시간대"), _("순찰자"), _("특이사항")]
    rows = (
        [log.date.isoformat(), log.time.strftime("%H:%M"), s.label, s.time_band, _officer(log.by), log.notes]
        for s in plan_spots(plan)
        for log in s.logs.all()
    )
    write_csv(out, header, rows)
    return out.getvalue()


def plan_geojson(plan: PatrolPlan) -> dict[str, Any]:
    features = []
    for s in plan_spots(plan):
        if s.lat is None or s.lon is None:
            continue
        logs = list(s.logs.all())
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
                "properties": {
                    "spot": s.pk,
                    "label": s.label,
                    "time_band": s.time_band,
                    "weekdays": s.weekdays,
                    "assignee": _officer(s.assignee),
                    "request": s.request_id,
                    "cell": s.request.cell_key if s.request else "",
                    "logs": [{"date": g.date.isoformat(), "time": g.time.strftime("%H:%M")} for g in logs],
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "plan": {"id": plan.pk, "week": f"{plan.year}-W{plan.week:02d}", "area": plan.area_label},
        "features": features,
    }
