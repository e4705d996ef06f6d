"""Field-report hotspots on a geotile grid with their hours — for 탄력순찰 planning. Reports filed
with an address but no pin are counted at their 법정동 / 자치구 centroid (`location_approximate`).

Filters beyond SearchParams (field, period, district, station …): the hour or time band, weekdays
and risk type (`HotspotFilters`). A cell's reports (`cell_reports`) and the GeoJSON export are for
the police (HQ pages): they carry each report's pin."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from partners.access import Principal
from suggestions import timebands
from suggestions.geo import TILE_PRECISIONS, tile_bounds, valid_tile_key
from suggestions.models import Suggestion

from . import client
from .indices import SUGGESTIONS
from .params import ParamError, SearchParams
from .query import build_query, suggestion_url

PRECISIONS = TILE_PRECISIONS
__all__ = ["HotspotFilters", "geojson", "hotspots", "reports", "tile_bounds", "valid_tile_key", "weekday_bars"]
MAX_CELL_REPORTS = 200


@dataclass
class HotspotFilters:
    precision: int = 14
    hour: int | None = None  # reports whose time band covers this hour
    band: str = ""  # "HH:MM-HH:MM": reports whose time band overlaps it
    weekdays: tuple[int, ...] = ()  # ISO weekdays of the filing date (1 = Monday)
    risk_type: str = ""

    @classmethod
    def from_query(cls, data: Mapping[str, Any]) -> HotspotFilters:
        """From request.GET; raises ParamError (Korean messages) with every bad parameter."""
        errors: dict[str, str] = {}
        out = cls()
        precision = str(data.get("precision") or "14")
        if precision.isdigit() and int(precision) in PRECISIONS:
            out.precision = int(precision)
        else:
            errors["precision"] = _("격자 크기는 %(choices)s 중 하나여야 합니다.") % {
                "choices": ", ".join(map(str, PRECISIONS))
            }
        hour = str(data.get("hour") or "")
        if hour:
            if hour.isdigit() and 0 <= int(hour) <= 23:
                out.hour = int(hour)
            else:
                errors["hour"] = _("시각은 0–23 사이의 정수여야 합니다.")
        band = str(data.get("band") or "").strip()
        if band:
            if timebands.hours(band)[1]:
                out.band = band
            else:
                errors["band"] = _("시간대는 HH:MM-HH:MM 형식이어야 합니다 (예: 22:00-02:00).")
        raw = data.getlist("weekday") if hasattr(data, "getlist") else data.get("weekday") or []
        raw_days = raw if isinstance(raw, list | tuple) else [raw]
        days = [d for value in raw_days for d in str(value).split(",") if d.strip()]
        if all(d.strip().isdigit() and 1 <= int(d) <= 7 for d in days):
            out.weekdays = tuple(sorted({int(d) for d in days}))
        else:
            errors["weekday"] = _("요일은 1(월)–7(일) 사이의 정수여야 합니다.")
        risk = str(data.get("risk_type") or "")
        if risk and risk not in Suggestion.RiskType.values:
            errors["risk_type"] = _("위험 유형이 올바르지 않습니다.")
        out.risk_type = risk
        if errors:
            raise ParamError(errors)
        return out

    def clauses(self) -> list[dict]:
        """The ES filters of everything but `hour` (the 24-hour histogram ignores only that)."""
        out: list[dict] = [{"term": {"kind": str(Suggestion.Kind.FIELD_REPORT)}}, {"exists": {"field": "location"}}]
        if self.band:
            out.append({"terms": {"time_hours": timebands.hours(self.band)[1]}})
        if self.weekdays:
            out.append({"terms": {"weekday": list(self.weekdays)}})
        if self.risk_type:
            out.append({"term": {"risk_type": self.risk_type}})
        return out

    def hour_clause(self) -> dict:
        return {"term": {"time_hours": self.hour}} if self.hour is not None else {"match_all": {}}


def _query(principal: Principal, params: SearchParams, filters: HotspotFilters) -> dict:
    query = build_query(principal, params)
    query["bool"]["filter"] = [*query["bool"]["filter"], *filters.clauses()]
    return query


def _top(bucket: dict, name: str) -> str:
    values = bucket[name]["buckets"]
    return values[0]["key"] if values else ""


def hotspots(
    principal: Principal,
    params: SearchParams,
    precision: int = 14,
    hour: int | None = None,
    filters: HotspotFilters | None = None,
) -> dict[str, Any]:
    """Field reports on a geotile grid (cells with counts, centroid, main 자치구 / 법정동 / station,
    approximate-located count and peak hours), a 24-hour time-band histogram of the same filters
    except the hour (so the histogram always shows the whole day) and a weekday (1 = Monday, Seoul
    time) histogram of the selected reports."""
    filters = filters or HotspotFilters(precision=precision, hour=hour)
    response = client.search(
        SUGGESTIONS,
        query=_query(principal, params, filters),
        size=0,
        track_total_hits=True,
        aggs={
            "selected": {
                "filter": filters.hour_clause(),
                "aggs": {
                    "grid": {
                        "geotile_grid": {"field": "location", "precision": filters.precision, "size": 2000},
                        "aggs": {
                            "centroid": {"geo_centroid": {"field": "location"}},
                            "district": {"terms": {"field": "district", "size": 1}},
                            "dong": {"terms": {"field": "dong", "size": 1}},
                            "station": {"terms": {"field": "station", "size": 1}},
                            "approximate": {"filter": {"term": {"location_approximate": True}}},
                            "hours": {"terms": {"field": "time_hours", "size": 24}},
                        },
                    },
                    # Filed in Seoul time (`weekday` is stored that way): the 7-bar chart next to the hours.
                    "weekdays": {"terms": {"field": "weekday", "size": 7}},
                    "approximate": {"filter": {"term": {"location_approximate": True}}},
                },
            },
            "hours": {"terms": {"field": "time_hours", "size": 24}},
        },
    )
    aggs = response["aggregations"]
    cells = []
    for b in aggs["selected"]["grid"]["buckets"]:
        centroid = b["centroid"].get("location") or {}
        hours = sorted(b["hours"]["buckets"], key=lambda h: (-h["doc_count"], h["key"]))
        cells.append(
            {
                "key": b["key"],
                "count": b["doc_count"],
                "approximate": b["approximate"]["doc_count"],
                "lat": round(centroid.get("lat", 0.0), 5),
                "lon": round(centroid.get("lon", 0.0), 5),
                "district": _top(b, "district"),
                "dong": _top(b, "dong"),
                "station": _top(b, "station"),
                "peak_hours": [h["key"] for h in hours[:3]],
                **{k: round(v, 5) for k, v in tile_bounds(b["key"]).items()},
            }
        )
    by_hour = {b["key"]: b["doc_count"] for b in aggs["hours"]["buckets"]}
    by_day = {b["key"]: b["doc_count"] for b in aggs["selected"]["weekdays"]["buckets"]}
    return {
        "total": aggs["selected"]["doc_count"],
        "approximate": aggs["selected"]["approximate"]["doc_count"],
        "weekdays": [{"weekday": d, "count": by_day.get(d, 0)} for d in range(1, 8)],
        "hour": filters.hour,
        "precision": filters.precision,
        "cells": cells,
        "hours": [{"hour": h, "count": by_hour.get(h, 0)} for h in range(24)],
    }


def weekday_bars(weekdays: list[dict[str, int]], names: Mapping[int, Any]) -> list[dict[str, Any]]:
    """The 7-bar weekday chart the template draws as SVG (no script): x, y and height per bar."""
    top = max([d["count"] for d in weekdays] + [1])
    bars = []
    for i, d in enumerate(weekdays):
        height = round(120 * d["count"] / top, 1)
        bars.append({**d, "name": names[d["weekday"]], "x": 12 + i * 38, "y": round(132 - height, 1), "height": height})
    return bars


REPORT_SOURCE = ["id", "title", "status", "created", "district", "dong", "station", "location"]
REPORT_SOURCE += ["location_approximate", "time_band", "risk_type", "field"]


def _report(source: dict[str, Any]) -> dict[str, Any]:
    location = source.get("location") or {}
    return {
        **{k: source.get(k) for k in REPORT_SOURCE if k != "location"},
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "location_approximate": bool(source.get("location_approximate")),
        "url": suggestion_url(source["id"]),
    }


def reports(
    principal: Principal, params: SearchParams, filters: HotspotFilters, key: str = "", size: int = MAX_CELL_REPORTS
) -> list[dict[str, Any]]:
    """The field reports behind the map (of one cell when `key` is a z/x/y tile), newest first."""
    query = _query(principal, params, filters)
    if filters.hour is not None:
        query["bool"]["filter"].append(filters.hour_clause())
    if key:
        b = tile_bounds(key)
        box = {"top_left": {"lat": b["north"], "lon": b["west"]}, "bottom_right": {"lat": b["south"], "lon": b["east"]}}
        query["bool"]["filter"].append({"geo_bounding_box": {"location": box}})
    response = client.search(
        SUGGESTIONS, query=query, size=size, sort=[{"created": "desc"}, {"id": "desc"}], _source=REPORT_SOURCE
    )
    return [_report(h["_source"]) for h in response["hits"]["hits"]]


def geojson(data: dict[str, Any], points: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A FeatureCollection for the police GIS: each cell a Polygon (count, 자치구, 법정동, station,
    peak hours) and, when given, each report a Point (lon, lat order as GeoJSON requires)."""
    features: list[dict[str, Any]] = []
    for c in data["cells"]:
        ring = [[c["west"], c["south"]], [c["east"], c["south"]], [c["east"], c["north"]], [c["west"], c["north"]]]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
                "properties": {
                    "kind": "cell",
                    **{k: c[k] for k in ("key", "count", "approximate", "district", "dong", "station", "peak_hours")},
                    "centroid": [c["lon"], c["lat"]],
                },
            }
        )
    for r in points or []:
        if r["lat"] is None or r["lon"] is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                "properties": {"kind": "report", **{k: v for k, v in r.items() if k not in ("lat", "lon")}},
            }
        )
    return {"type": "FeatureCollection", "precision": data["precision"], "total": data["total"], "features": features}
