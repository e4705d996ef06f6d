"""Theme analytics: the selection's period, recurring themes (significant_terms against the whole
visible corpus) and rising themes (against the previous period of equal length)."""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from partners.access import Principal

from . import client
from .indices import SUGGESTIONS
from .params import SearchParams
from .query import access_filter, build_query, suggestion_url
from .topics import corpus_dates


def theme_period(principal: Principal, params: SearchParams, default_days: int = 90) -> tuple[date, date]:
    """The selection's period: the given dates; with neither, the most recent quarter of the
    suggestions (by count, at least 30 days) up to the newest; with one, `default_days` around it."""
    if params.date_from and params.date_to:
        return params.date_from, params.date_to
    if params.date_from:
        return params.date_from, params.date_from + timedelta(days=default_days - 1)
    if params.date_to:
        return params.date_to - timedelta(days=default_days - 1), params.date_to
    dates = corpus_dates(principal)
    if dates is None:
        today = timezone.localdate()
        return today - timedelta(days=default_days - 1), today
    quartile, latest = dates
    return min(quartile, latest - timedelta(days=29)), latest


def with_period(params: SearchParams, date_from: date, date_to: date) -> SearchParams:
    return SearchParams(**{**asdict(params), "date_from": date_from, "date_to": date_to})


def themes(principal: Principal, params: SearchParams, size: int = 15, examples: int = 3) -> list[dict[str, Any]]:
    """Recurring themes: keywords significantly over-represented in the selection (query, filters,
    period) against the whole visible corpus, with counts and example suggestions."""
    date_from, date_to = theme_period(principal, params)
    response = client.search(
        SUGGESTIONS,
        query=build_query(principal, with_period(params, date_from, date_to)),
        size=0,
        aggs={
            "themes": {
                "significant_terms": {
                    "field": "keywords",
                    "size": size,
                    "min_doc_count": 2,
                    "background_filter": {"bool": {"filter": [access_filter(principal)]}},
                },
                "aggs": {
                    "examples": {
                        "top_hits": {
                            "size": examples,
                            "_source": ["id", "title", "status", "created"],
                            "sort": [{"supports": "desc"}, {"created": "desc"}],
                        }
                    }
                },
            }
        },
    )
    out = []
    for b in response["aggregations"]["themes"]["buckets"]:
        out.append(
            {
                "key": b["key"],
                "doc_count": b["doc_count"],
                "bg_count": b["bg_count"],
                "score": round(b["score"], 4),
                "examples": [
                    {**h["_source"], "url": suggestion_url(h["_source"]["id"])} for h in b["examples"]["hits"]["hits"]
                ],
            }
        )
    return out


def _keyword_counts(
    principal: Principal, params: SearchParams, include: list[str] | None, size: int
) -> tuple[int, dict[str, int]]:
    terms: dict[str, Any] = {"field": "keywords", "size": size}
    if include is not None:
        terms["include"] = include or ["\x00"]
    response = client.search(
        SUGGESTIONS,
        query=build_query(principal, params),
        size=0,
        track_total_hits=True,
        aggs={"kw": {"terms": terms}},
    )
    counts = {b["key"]: b["doc_count"] for b in response["aggregations"]["kw"]["buckets"]}
    return response["hits"]["total"]["value"], counts


def rising_themes(
    principal: Principal, params: SearchParams, size: int = 15, min_count: int = 3
) -> list[dict[str, Any]]:
    """Keywords that rose in this period against the previous period of equal length. Score: the
    excess over the count expected from the previous period (scaled by the two periods' totals),
    divided by sqrt(expected + 1) — a Poisson-style z-score that ignores tiny wobbles."""
    date_from, date_to = theme_period(principal, params)
    length = (date_to - date_from).days + 1
    current = with_period(params, date_from, date_to)
    previous = with_period(params, date_from - timedelta(days=length), date_from - timedelta(days=1))
    cur_total, cur_counts = _keyword_counts(principal, current, None, 300)
    candidates = [k for k, n in cur_counts.items() if n >= min_count]
    prev_total, prev_counts = _keyword_counts(principal, previous, candidates, max(len(candidates), 1))
    ratio = (cur_total / prev_total) if prev_total else 1.0
    out: list[dict[str, Any]] = []
    for key in candidates:
        cur, prev = cur_counts[key], prev_counts.get(key, 0)
        expected = prev * ratio
        if cur <= expected:
            continue
        score = (cur - expected) / math.sqrt(expected + 1)
        out.append({"key": key, "doc_count": cur, "previous_count": prev, "score": round(score, 4)})
    out.sort(key=lambda t: (-t["score"], -t["doc_count"], t["key"]))
    return out[:size]
