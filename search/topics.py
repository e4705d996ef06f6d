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

from . import client, hybrid
from .client import get_client, index_name
from .highlight import highlight, highlight_terms, plain_snippet
from .indices import ANNOUNCEMENTS, SUGGESTIONS
from .params import FACETS, MAX_WINDOW, ParamError, SearchParams
from .query import (
    TZ,
    access_filter,
    base_filters,
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


# The kNN leg of the HQ page only counts and ranks documents this close to the query (raw cosine):
# without a floor every query would "find" its k nearest neighbours, however unrelated. 0.2 is the
# median cosine between two proposals of different fields in the shared sample data (0.21): a
# document counts when it is closer to the query than two unrelated proposals typically are.
DENSE_MIN_SIMILARITY = 0.2


def _hybrid_page(
    principal: Principal, params: SearchParams, synonyms: list[list[str]]
) -> tuple[list[tuple[str, float]], list[str]]:
    """((id, fused score) of the requested page, best first; ids of all fused candidates)."""
    filters = base_filters(principal, params) + list(facet_filters(params).values())
    end = params.page * params.size
    fused = hybrid.ranked_ids(
        get_client(),
        index_name(SUGGESTIONS),
        params.q,
        filters,
        synonyms=synonyms,
        size=end,
        min_similarity=DENSE_MIN_SIMILARITY,
    )
    return fused[end - params.size : end], [doc_id for doc_id, _ in fused]


def search_suggestions(principal: Principal, params: SearchParams, facets: bool = True) -> SearchResult:
    """Full-text topic search with highlights, facet counts (each facet ignores its own filter),
    sorting and pagination — always limited to what the principal may see.

    Sorted by relevance with a query, the order is the hybrid ranking (search.hybrid: BM25 + kNN,
    fused, with feedback), and `count` is the union of the BM25 matches and the kNN leg's documents
    above DENSE_MIN_SIMILARITY among the fused candidates. Facets stay the BM25 matches' counts and
    highlights the query's (and synonyms') terms."""
    synonyms = synonym_groups() if params.q else []  # read once for the query and the highlights
    use_hybrid = bool(params.q) and params.sort not in {"date", "supports"}
    page: list[tuple[str, float]] = []
    fused_ids: list[str] = []
    if use_hybrid:
        page, fused_ids = _hybrid_page(principal, params, synonyms)
    body: dict[str, Any] = {
        "query": build_query(principal, params, include_facet_filters=False, synonyms=synonyms),
        "post_filter": {"bool": {"filter": list(facet_filters(params).values())}},
        "sort": sort_clause(params),
        "from": 0 if use_hybrid else (params.page - 1) * params.size,
        "size": 0 if use_hybrid else params.size,
        "track_total_hits": True,
        "_source": SOURCE,
    }
    aggs: dict[str, Any] = _facet_aggs(params) if facets else {}
    if use_hybrid:
        # Fused candidates that are also BM25 matches (within the facet filters): the union's overlap.
        overlap = [{"ids": {"values": fused_ids}}, *facet_filters(params).values()]
        aggs["_fused_bm25"] = {"filter": {"bool": {"filter": overlap}}}
    if aggs:
        body["aggs"] = aggs
    response = client.search(SUGGESTIONS, **body)
    count = response["hits"]["total"]["value"]
    hits = response["hits"]["hits"]
    if use_hybrid:
        overlap_n = response["aggregations"].pop("_fused_bm25")["doc_count"]
        count += len(fused_ids) - overlap_n
        hits = _fetch(principal, page)
    terms = highlight_terms(params.q, synonyms)
    results = []
    for hit in hits:
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
    return SearchResult(count=count, results=results, facets=facet_values, page=params.page, size=params.size)


def _fetch(principal: Principal, page: list[tuple[str, float]]) -> list[dict[str, Any]]:
    """The page's documents in the fused order (filtered by access again), `_score` the fused score."""
    if not page:
        return []
    ids = [doc_id for doc_id, _ in page]
    response = client.search(
        SUGGESTIONS,
        query={"bool": {"filter": [{"ids": {"values": ids}}, access_filter(principal)]}},
        size=len(ids),
        _source=SOURCE,
    )
    by_id = {h["_id"]: h for h in response["hits"]["hits"]}
    return [{**by_id[i], "_score": round(score, 6)} for i, score in page if i in by_id]


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
