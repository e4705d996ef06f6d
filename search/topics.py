"""Topic search (full text, facets, pages), trends over time, the corpus' dates, and the
announcement search — all reads, always limited to what the principal may see."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from partners.access import Principal

from . import client
from .highlight import highlight, highlight_terms, plain_snippet
from .indices import ANNOUNCEMENTS, SUGGESTIONS
from .params import FACETS, MAX_WINDOW, ParamError, SearchParams
from .query import (
    TZ,
    access_filter,
    build_query,
    facet_filters,
    label,
    sort_clause,
    suggestion_url,
    synonym_groups,
    text_query,
)

SOURCE = [
    "id",
    "ref",
    "title",
    "body",
    "kind",
    "status",
    "field",
    "department",
    "group",
    "district",
    "created",
    "supports",
    "answer_decision",
    "time_band",
]


@dataclass
class SearchResult:
    count: int
    results: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    page: int = 1
    size: int = 20

    @property
    def pages(self) -> int:
        return max(1, min(math.ceil(self.count / self.size), MAX_WINDOW // self.size))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pages"] = self.pages
        return data


def _facet_aggs(params: SearchParams) -> dict:
    filters = facet_filters(params)
    aggs: dict[str, Any] = {}
    for name in (*FACETS, "month"):
        others = [f for key, f in filters.items() if key != name]
        if name == "month":
            inner = {
                "date_histogram": {
                    "field": "created",
                    "calendar_interval": "month",
                    "format": "yyyy-MM",
                    "time_zone": TZ,
                    "min_doc_count": 1,
                }
            }
        else:
            inner = {"terms": {"field": name, "size": 30}}
        aggs[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": inner}}
    return aggs


def search_suggestions(principal: Principal, params: SearchParams, facets: bool = True) -> SearchResult:
    """Full-text topic search with highlights, facet counts (each facet ignores its own filter),
    sorting and pagination — always limited to what the principal may see."""
    synonyms = synonym_groups() if params.q else []  # read once for the query and the highlights
    body: dict[str, Any] = {
        "query": build_query(principal, params, include_facet_filters=False, synonyms=synonyms),
        "post_filter": {"bool": {"filter": list(facet_filters(params).values())}},
        "sort": sort_clause(params),
        "from": (params.page - 1) * params.size,
        "size": params.size,
        "track_total_hits": True,
        "_source": SOURCE,
    }
    if facets:
        body["aggs"] = _facet_aggs(params)
    response = client.search(SUGGESTIONS, **body)
    terms = highlight_terms(params.q, synonyms)
    results = []
    for hit in response["hits"]["hits"]:
        src = hit["_source"]
        results.append(
            {
                **src,
                "score": hit.get("_score"),
                "url": suggestion_url(src["id"]),
                "status_label": label("status", src.get("status")),
                "kind_label": label("kind", src.get("kind")),
                "title_html": highlight(src.get("title", ""), terms),
                "snippet_html": highlight(src.get("body", ""), terms, max_chars=160),
                "snippet": plain_snippet(src.get("body", ""), terms),
            }
        )
    facet_values: dict[str, list[dict[str, Any]]] = {}
    for name, agg in (response.get("aggregations") or {}).items():
        facet_values[name] = [
            {
                "key": b.get("key_as_string", b["key"]),
                "count": b["doc_count"],
                "selected": getattr(params, name, "") == b["key"],
            }
            for b in agg["values"]["buckets"]
        ]
    return SearchResult(
        count=response["hits"]["total"]["value"],
        results=results,
        facets=facet_values,
        page=params.page,
        size=params.size,
    )


def trends(principal: Principal, params: SearchParams, interval: str = "month") -> dict[str, Any]:
    """Matching suggestions per week/month, split by field: {"interval", "fields", "buckets": [{"key",
    "total", "by_field": {field: n}}]}."""
    if interval not in {"week", "month"}:
        raise ParamError({"interval": _("week 또는 month")})
    response = client.search(
        SUGGESTIONS,
        query=build_query(principal, params),
        size=0,
        aggs={
            "periods": {
                "date_histogram": {
                    "field": "created",
                    "calendar_interval": interval,
                    "format": "yyyy-MM-dd",
                    "time_zone": TZ,
                    "min_doc_count": 0,
                },
                "aggs": {"fields": {"terms": {"field": "field", "size": 20}}},
            }
        },
    )
    buckets: list[dict[str, Any]] = []
    all_fields: dict[str, int] = {}
    for b in response["aggregations"]["periods"]["buckets"]:
        by_field = {f["key"]: f["doc_count"] for f in b["fields"]["buckets"]}
        for name, n in by_field.items():
            all_fields[name] = all_fields.get(name, 0) + n
        buckets.append({"key": b["key_as_string"], "total": b["doc_count"], "by_field": by_field})
    return {"interval": interval, "fields": sorted(all_fields, key=lambda k: -all_fields[k]), "buckets": buckets}


def _to_local_date(epoch_ms: float) -> date:
    return timezone.localtime(datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)).date()


def corpus_dates(principal: Principal) -> tuple[date, date] | None:
    """(date by which three quarters of the visible suggestions were filed, newest date), or None."""
    response = client.search(
        SUGGESTIONS,
        query={"bool": {"filter": [access_filter(principal)]}},
        size=0,
        aggs={
            "latest": {"max": {"field": "created"}},
            "quartile": {"percentiles": {"field": "created", "percents": [75]}},
        },
    )
    aggs = response["aggregations"]
    if aggs["latest"].get("value") is None:
        return None
    return _to_local_date(aggs["quartile"]["values"]["75.0"]), _to_local_date(aggs["latest"]["value"])


def latest_date(principal: Principal) -> date:
    """The newest visible suggestion's date (Asia/Seoul), or today when the index is empty."""
    dates = corpus_dates(principal)
    return dates[1] if dates else timezone.localdate()


def search_announcements(principal: Principal, q: str, size: int = 10) -> list[dict[str, Any]]:
    """Policy announcements matching q (same analysis and synonyms), filtered by access tokens."""
    synonyms = synonym_groups() if q else []
    clause = text_query(q, ["title_morphs^3", "body_morphs"], synonyms) if q else {"match_all": {}}
    response = client.search(
        ANNOUNCEMENTS,
        query={"bool": {"must": [clause or {"match_none": {}}], "filter": [access_filter(principal)]}},
        size=size,
        _source=["id", "title", "summary", "url", "created", "department", "field"],
    )
    terms = highlight_terms(q, synonyms)
    return [
        {**h["_source"], "score": h["_score"], "title_html": highlight(h["_source"]["title"], terms)}
        for h in response["hits"]["hits"]
    ]
