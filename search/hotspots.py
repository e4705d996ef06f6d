"""Field-report hotspots on a geotile grid with their hours — for 탄력순찰 planning."""

from __future__ import annotations

import math
from typing import Any

from partners.access import Principal
from suggestions.models import Suggestion

from . import client
from .indices import SUGGESTIONS
from .params import SearchParams
from .query import build_query


def tile_bounds(key: str) -> dict[str, float]:
    z, x, y = (int(v) for v in key.split("/"))
    n = 2**z

    def lat(yy: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * yy / n))))

    return {"west": x / n * 360 - 180, "east": (x + 1) / n * 360 - 180, "north": lat(y), "south": lat(y + 1)}


def hotspots(
    principal: Principal, params: SearchParams, precision: int = 14, hour: int | None = None
) -> dict[str, Any]:
    """Field reports on a geotile grid (cells with counts, centroid, main district and hours) and a
    24-hour time-band histogram. `hour` keeps the reports whose time band covers that hour (the
    histogram itself always shows all 24 hours of the other filters)."""
    query = build_query(principal, params)
    query["bool"]["filter"] = [*query["bool"]["filter"], {"term": {"kind": str(Suggestion.Kind.FIELD_REPORT)}}]
    hour_filter = {"term": {"time_hours": hour}} if hour is not None else {"match_all": {}}
    response = client.search(
        SUGGESTIONS,
        query=query,
        size=0,
        track_total_hits=True,
        aggs={
            "selected": {
                "filter": hour_filter,
                "aggs": {
                    "grid": {
                        "geotile_grid": {"field": "location", "precision": precision, "size": 1000},
                        "aggs": {
                            "centroid": {"geo_centroid": {"field": "location"}},
                            "district": {"terms": {"field": "district", "size": 1}},
                            "hours": {"terms": {"field": "time_hours", "size": 24}},
                        },
                    }
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
                "lat": round(centroid.get("lat", 0.0), 5),
                "lon": round(centroid.get("lon", 0.0), 5),
                "district": b["district"]["buckets"][0]["key"] if b["district"]["buckets"] else "",
                "peak_hours": [h["key"] for h in hours[:3]],
                **{k: round(v, 5) for k, v in tile_bounds(b["key"]).items()},
            }
        )
    by_hour = {b["key"]: b["doc_count"] for b in aggs["hours"]["buckets"]}
    return {
        "total": aggs["selected"]["doc_count"],
        "hour": hour,
        "precision": precision,
        "cells": cells,
        "hours": [{"hour": h, "count": by_hour.get(h, 0)} for h in range(24)],
    }
