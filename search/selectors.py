"""HQ topic search and theme analytics (reads only). Every query is filtered by the principal's
access tokens (partners.access.principal_tokens), so the index never shows more than the database.

Queries are analysed in Python by the same code as the documents (search.analysis) and expanded
with the HQ-edited synonym list (search.models.Synonym) at query time.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from elasticsearch import NotFoundError

from partners.access import Principal, principal_tokens

from .analysis import analyze_query
from .client import get_client, index_name
from .indexing import SUGGESTIONS, ensure_index

TZ = "Asia/Seoul"
MAX_SIZE = 100
MAX_WINDOW = 10_000
FACETS = ("field", "kind", "status", "department", "group", "district")
SORTS = ("relevance", "date", "supports")
TEXT_FIELDS = ["title_morphs^3", "body_morphs", "answer_morphs^0.3"]
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
INACTIVE_STATUSES = ["withdrawn", "merged"]
MLT_MINIMUM_SHOULD_MATCH = "10%"
QUERY_MINIMUM_SHOULD_MATCH = "1"  # recall first; ranking sorts it out (bench/search_quality.py)
SYNONYM_BOOST = 0.9
NEARBY_BOOST = 5.0


class ParamError(ValueError):
    """Bad search parameters; `errors` maps parameter → message (shown as a 400)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _parse_date(value: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = "YYYY-MM-DD 형식의 날짜여야 합니다 (expected YYYY-MM-DD)."
        return None


def _parse_int(value, name: str, default: int, lo: int, hi: int, errors: dict[str, str]) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = "정수여야 합니다 (expected an integer)."
        return default
    if not lo <= number <= hi:
        errors[name] = f"{lo}–{hi} 범위여야 합니다 (must be between {lo} and {hi})."
        return default
    return number


@dataclass
class SearchParams:
    q: str = ""
    field: str = ""
    kind: str = ""
    status: str = ""
    department: str = ""
    group: str = ""
    district: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = 20
    created_after: datetime | None = None  # digests only (not a URL parameter)

    @classmethod
    def from_query(cls, data, default_size: int = 20, max_size: int = MAX_SIZE) -> SearchParams:
        """Build from request.GET (or a dict); raises ParamError with every bad parameter."""
        errors: dict[str, str] = {}

        def get(name: str) -> str:
            value = data.get(name, "")
            return (value or "").strip()[:200] if isinstance(value, str) else str(value)

        params = cls(**{name: get(name) for name in ("q", *FACETS)})
        params.date_from = _parse_date(get("date_from"), "date_from", errors)
        params.date_to = _parse_date(get("date_to"), "date_to", errors)
        if params.date_from and params.date_to and params.date_from > params.date_to:
            errors["date_to"] = "date_to는 date_from 이후여야 합니다 (date_to is before date_from)."
        params.sort = get("sort") or ("relevance" if params.q else "date")
        if params.sort not in SORTS:
            errors["sort"] = f"{', '.join(SORTS)} 중 하나여야 합니다."
        params.size = _parse_int(get("size"), "size", default_size, 1, max_size, errors)
        params.page = _parse_int(get("page"), "page", 1, 1, MAX_WINDOW, errors)
        if not errors and params.page * params.size > MAX_WINDOW:
            errors["page"] = f"page × size는 {MAX_WINDOW} 이하여야 합니다."
        if errors:
            raise ParamError(errors)
        return params

    def to_query(self) -> dict[str, str]:
        """The URL parameters (non-empty only), e.g. for links and saved searches."""
        out = {}
        for f in fields(self):
            if f.name in {"created_after", "page", "size"}:
                continue
            value = getattr(self, f.name)
            if value:
                out[f.name] = value.isoformat() if isinstance(value, date) else str(value)
        return out


# --- Query building ----------------------------------------------------------------------------


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "").lower()


def synonym_groups() -> list[list[str]]:
    """Active synonym groups, read fresh on every query so HQ's edits apply at once (a few rows)."""
    from .models import Synonym

    return [
        [syn.term, *syn.expansion_list()] for syn in Synonym.objects.filter(is_active=True).only("term", "expansions")
    ]


def synonym_expansions(q: str, groups: list[list[str]] | None = None) -> list[str]:
    """Other members of every synonym group the query mentions (as a substring or a morpheme)."""
    compact_q = _compact(q)
    if not compact_q:
        return []
    groups = synonym_groups() if groups is None else groups
    q_terms = set(analyze_query(q)["morphs"].split())
    out: list[str] = []
    for members in groups:
        if any(_compact(m) and (_compact(m) in compact_q or _compact(m) in q_terms) for m in members):
            out.extend(m for m in members if _compact(m) not in compact_q)
    return list(dict.fromkeys(out))


def text_query(q: str, fields_: list[str] | None = None, synonyms: list[list[str]] | None = None) -> dict | None:
    """The full-text clause for q: analysed morphemes (+ compounds as a boost) OR synonyms."""
    fields_ = fields_ or TEXT_FIELDS
    analysed = analyze_query(q)
    should: list[dict] = []
    if analysed["base"]:
        main: dict[str, Any] = {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": " ".join(analysed["base"]),
                            "fields": fields_,
                            "type": "most_fields",
                            "minimum_should_match": QUERY_MINIMUM_SHOULD_MATCH,
                        }
                    }
                ]
            }
        }
        if analysed["compounds"]:
            main["bool"]["should"] = [
                {"multi_match": {"query": " ".join(analysed["compounds"]), "fields": fields_, "boost": 0.5}}
            ]
        should.append(main)
    for expansion in synonym_expansions(q, synonyms):
        # Short phrases are ambiguous for Kiwi without context (전화 사기 → 전화 사): match either the
        # analysed form or the words as written, all of them (operator and).
        variants = {" ".join(analyze_query(expansion)["base"]), " ".join(expansion.lower().split())}
        clauses = [
            {"multi_match": {"query": v, "fields": fields_, "type": "most_fields", "operator": "and"}}
            for v in sorted(variants)
            if v
        ]
        if clauses:
            should.append({"bool": {"should": clauses, "minimum_should_match": 1, "boost": SYNONYM_BOOST}})
    if not should:
        return None
    return {"bool": {"should": should, "minimum_should_match": 1}}


def highlight_terms(q: str, synonyms: list[list[str]] | None = None) -> list[str]:
    if not q:
        return []
    terms = set(analyze_query(q)["morphs"].split())
    for expansion in synonym_expansions(q, synonyms):
        terms.add(expansion)
        terms.update(analyze_query(expansion)["morphs"].split())
    terms.update(w for w in re.split(r"\s+", q) if len(w) >= 2)
    # Single-syllable stems (늦, 밝) would mark half the text; keep words of ≥2 chars or Latin/digits.
    return sorted((t for t in terms if len(t) >= 2 or t.isascii()), key=len, reverse=True)


def highlight(text: str, terms: list[str], max_chars: int | None = None) -> SafeString:
    """Escape first, then mark: the user text is escaped segment by segment and only our own
    <mark> tags are added, so nothing the user wrote can become markup."""
    text = text or ""
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    if max_chars and len(text) > max_chars:
        start = 0
        if pattern:
            m = pattern.search(text)
            if m and m.start() > max_chars // 3:
                start = m.start() - max_chars // 3
        prefix = "…" if start > 0 else ""
        suffix = "…" if start + max_chars < len(text) else ""
        text = prefix + text[start : start + max_chars] + suffix
    if not pattern:
        return mark_safe(escape(text))
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def access_filter(principal: Principal) -> dict:
    return {"terms": {"access": principal_tokens(principal)}}


def _facet_filters(params: SearchParams) -> dict[str, dict]:
    return {name: {"term": {name: getattr(params, name)}} for name in FACETS if getattr(params, name)}


def _base_filters(principal: Principal, params: SearchParams) -> list[dict]:
    filters = [access_filter(principal)]
    date_range: dict[str, str] = {}
    if params.date_from:
        date_range["gte"] = params.date_from.isoformat()
    if params.date_to:
        date_range["lte"] = params.date_to.isoformat()
    if date_range:
        filters.append({"range": {"created": {**date_range, "time_zone": TZ, "format": "yyyy-MM-dd"}}})
    if params.created_after:
        filters.append({"range": {"created": {"gt": params.created_after.isoformat()}}})
    return filters


def build_query(
    principal: Principal,
    params: SearchParams,
    include_facet_filters: bool = True,
    synonyms: list[list[str]] | None = None,
) -> dict:
    filters = _base_filters(principal, params)
    if include_facet_filters:
        filters += list(_facet_filters(params).values())
    query: dict[str, Any] = {"bool": {"filter": filters}}
    if params.q:
        clause = text_query(params.q, synonyms=synonyms)
        # A query with no content words (only particles/punctuation) matches nothing, not everything.
        query["bool"]["must"] = [clause] if clause else [{"match_none": {}}]
    return query


def _sort(params: SearchParams) -> list:
    if params.sort == "date":
        return [{"created": "desc"}, {"id": "desc"}]
    if params.sort == "supports":
        return [{"supports": "desc"}, {"created": "desc"}, {"id": "desc"}]
    return ["_score", {"created": "desc"}, {"id": "desc"}]


def suggestion_url(suggestion_id: int) -> str:
    try:
        return reverse("suggestions:detail", args=[suggestion_id])
    except NoReverseMatch:
        return f"/suggestions/{suggestion_id}/"


def label(kind: str, value: str | None) -> str:
    """Korean label of a status/kind value (the value itself when unknown)."""
    from suggestions.models import Suggestion

    choices = Suggestion.Status if kind == "status" else Suggestion.Kind
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


# --- Topic search ---------------------------------------------------------------------------


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
    facet_filters = _facet_filters(params)
    aggs: dict[str, Any] = {}
    for name in (*FACETS, "month"):
        others = [f for key, f in facet_filters.items() if key != name]
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
    alias = ensure_index(SUGGESTIONS)
    synonyms = synonym_groups() if params.q else []  # read once for the query and the highlights
    body: dict[str, Any] = {
        "query": build_query(principal, params, include_facet_filters=False, synonyms=synonyms),
        "post_filter": {"bool": {"filter": list(_facet_filters(params).values())}},
        "sort": _sort(params),
        "from": (params.page - 1) * params.size,
        "size": params.size,
        "track_total_hits": True,
        "_source": SOURCE,
    }
    if facets:
        body["aggs"] = _facet_aggs(params)
    response = get_client().search(index=alias, **body)
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
                "snippet": _plain_snippet(src.get("body", ""), terms),
            }
        )
    facet_values: dict[str, list[dict[str, Any]]] = {}
    for name, agg in (response.get("aggregations") or {}).items():
        buckets = agg["values"]["buckets"]
        facet_values[name] = [
            {
                "key": b.get("key_as_string", b["key"]),
                "count": b["doc_count"],
                "selected": getattr(params, name, "") == b["key"],
            }
            for b in buckets
        ]
    return SearchResult(
        count=response["hits"]["total"]["value"],
        results=results,
        facets=facet_values,
        page=params.page,
        size=params.size,
    )


def _plain_snippet(text: str, terms: list[str], max_chars: int = 160) -> str:
    if len(text) <= max_chars:
        return text
    start = 0
    if terms:
        m = re.search("|".join(re.escape(t) for t in terms), text, re.IGNORECASE)
        if m and m.start() > max_chars // 3:
            start = m.start() - max_chars // 3
    return ("…" if start else "") + text[start : start + max_chars] + "…"


# --- Trends -----------------------------------------------------------------------------------


def trends(principal: Principal, params: SearchParams, interval: str = "month") -> dict[str, Any]:
    """Matching suggestions per week/month, split by field: {"interval", "fields", "buckets": [{"key",
    "total", "by_field": {field: n}}]}."""
    if interval not in {"week", "month"}:
        raise ParamError({"interval": "week 또는 month"})
    alias = ensure_index(SUGGESTIONS)
    response = get_client().search(
        index=alias,
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
    buckets, all_fields = [], {}
    for b in response["aggregations"]["periods"]["buckets"]:
        by_field = {f["key"]: f["doc_count"] for f in b["fields"]["buckets"]}
        for name, n in by_field.items():
            all_fields[name] = all_fields.get(name, 0) + n
        buckets.append({"key": b["key_as_string"], "total": b["doc_count"], "by_field": by_field})
    return {"interval": interval, "fields": sorted(all_fields, key=lambda k: -all_fields[k]), "buckets": buckets}


# --- Themes -----------------------------------------------------------------------------------


def _to_local_date(epoch_ms: float) -> date:
    return timezone.localtime(datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)).date()


def corpus_dates(principal: Principal) -> tuple[date, date] | None:
    """(date by which three quarters of the visible suggestions were filed, newest date), or None."""
    alias = ensure_index(SUGGESTIONS)
    response = get_client().search(
        index=alias,
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


def themes(principal: Principal, params: SearchParams, size: int = 15, examples: int = 3) -> list[dict[str, Any]]:
    """Recurring themes: keywords significantly over-represented in the selection (query, filters,
    period) against the whole visible corpus, with counts and example suggestions."""
    alias = ensure_index(SUGGESTIONS)
    date_from, date_to = theme_period(principal, params)
    selection = SearchParams(**{**asdict(params), "date_from": date_from, "date_to": date_to})
    response = get_client().search(
        index=alias,
        query=build_query(principal, selection),
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
    response = get_client().search(
        index=index_name(SUGGESTIONS),
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
    ensure_index(SUGGESTIONS)
    date_from, date_to = theme_period(principal, params)
    length = (date_to - date_from).days + 1
    current = SearchParams(**{**asdict(params), "date_from": date_from, "date_to": date_to})
    previous = SearchParams(
        **{**asdict(params), "date_from": date_from - timedelta(days=length), "date_to": date_from - timedelta(days=1)}
    )
    cur_total, cur_counts = _keyword_counts(principal, current, None, 300)
    candidates = [k for k, n in cur_counts.items() if n >= min_count]
    prev_total, prev_counts = _keyword_counts(principal, previous, candidates, max(len(candidates), 1))
    ratio = (cur_total / prev_total) if prev_total else 1.0
    out = []
    for key in candidates:
        cur, prev = cur_counts[key], prev_counts.get(key, 0)
        expected = prev * ratio
        if cur <= expected:
            continue
        score = (cur - expected) / math.sqrt(expected + 1)
        out.append({"key": key, "doc_count": cur, "previous_count": prev, "score": round(score, 4)})
    out.sort(key=lambda t: (-t["score"], -t["doc_count"], t["key"]))
    return out[:size]


# --- Similar suggestions ---------------------------------------------------------------------


def _similar(
    principal: Principal, like: list, size: int, exclude_id: int | None = None, near: dict | None = None
) -> list[dict[str, Any]]:
    alias = ensure_index(SUGGESTIONS)
    query: dict[str, Any] = {
        "bool": {
            "must": [
                {
                    "more_like_this": {
                        "fields": ["title_morphs", "body_morphs"],
                        "like": like,
                        "min_term_freq": 1,
                        "min_doc_freq": 1,
                        "max_query_terms": 40,
                        "minimum_should_match": MLT_MINIMUM_SHOULD_MATCH,
                    }
                }
            ],
            "should": _nearby_boosts(near or {}),
            "filter": [access_filter(principal)],
            "must_not": [{"terms": {"status": INACTIVE_STATUSES}}],
        }
    }
    if exclude_id is not None:
        query["bool"]["must_not"].append({"term": {"id": exclude_id}})
    response = get_client().search(
        index=alias, query=query, size=size, _source=["id", "ref", "title", "status", "created", "supports"]
    )
    return [
        {**h["_source"], "score": round(h["_score"], 4), "url": suggestion_url(h["_source"]["id"])}
        for h in response["hits"]["hits"]
    ]


def _nearby_boosts(near: dict) -> list[dict]:
    """Duplicates are usually about the same place: same district, or within 1.5 km."""
    boosts = []
    if near.get("district"):
        boosts.append({"constant_score": {"filter": {"term": {"district": near["district"]}}, "boost": NEARBY_BOOST}})
    if near.get("location"):
        geo = {"geo_distance": {"distance": "1500m", "location": near["location"]}}
        boosts.append({"constant_score": {"filter": geo, "boost": NEARBY_BOOST}})
    return boosts


def similar_suggestions(principal: Principal, suggestion_id: int, size: int = 10) -> list[dict[str, Any]]:
    """More-like-this for an indexed suggestion (the caller checks the principal may see it),
    boosted by place (same district / within 1.5 km)."""
    alias = index_name(SUGGESTIONS)
    try:
        source = get_client().get(index=alias, id=str(suggestion_id), _source=["district", "location"])["_source"]
    except NotFoundError:
        return []
    return _similar(principal, [{"_index": alias, "_id": str(suggestion_id)}], size, suggestion_id, near=source)


def similar_to_text(principal: Principal, title: str, body: str, size: int = 5) -> list[dict[str, Any]]:
    """Suggestions resembling a draft (the filing form), analysed exactly like documents."""
    from suggestions.text import mask_pii

    title_a = analyze_query(mask_pii(title or "")[:200])
    body_a = analyze_query(mask_pii(body or "")[:5000])
    text = " ".join([title_a["morphs"], title_a["morphs"], body_a["morphs"]]).strip()  # title counts double
    if len(text.split()) < 2:
        return []
    return _similar(principal, [text], size)


# --- Hotspots -------------------------------------------------------------------------------


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
    24-hour time-band histogram — for 탄력순찰 planning. `hour` keeps the reports whose time band
    covers that hour (the histogram itself always shows all 24 hours of the other filters)."""
    alias = ensure_index(SUGGESTIONS)
    query = build_query(principal, params)
    query["bool"]["filter"] = [*query["bool"]["filter"], {"term": {"kind": "field_report"}}]
    hour_filter = {"term": {"time_hours": hour}} if hour is not None else {"match_all": {}}
    response = get_client().search(
        index=alias,
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
    hours = {b["key"]: b["doc_count"] for b in aggs["hours"]["buckets"]}
    return {
        "total": aggs["selected"]["doc_count"],
        "hour": hour,
        "precision": precision,
        "cells": cells,
        "hours": [{"hour": h, "count": hours.get(h, 0)} for h in range(24)],
    }


# --- Announcements ---------------------------------------------------------------------------


def search_announcements(principal: Principal, q: str, size: int = 10) -> list[dict[str, Any]]:
    """Policy announcements matching q (same analysis and synonyms), filtered by access tokens."""
    from .indexing import ANNOUNCEMENTS

    alias = ensure_index(ANNOUNCEMENTS)
    clause = text_query(q, ["title_morphs^3", "body_morphs"]) if q else {"match_all": {}}
    response = get_client().search(
        index=alias,
        query={"bool": {"must": [clause or {"match_none": {}}], "filter": [access_filter(principal)]}},
        size=size,
        _source=["id", "title", "summary", "url", "created", "department", "field"],
    )
    terms = highlight_terms(q)
    return [
        {**h["_source"], "score": h["_score"], "title_html": highlight(h["_source"]["title"], terms)}
        for h in response["hits"]["hits"]
    ]


# --- Export ---------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    ("id", "ID"),
    ("ref", "참조번호"),
    ("created", "등록일"),
    ("title", "제목"),
    ("field", "분야"),
    ("kind", "종류"),
    ("status", "상태"),
    ("department", "담당 부서"),
    ("group", "단체"),
    ("district", "자치구"),
    ("supports", "공감"),
    ("answer_decision", "답변 결정"),
    ("url", "주소"),
]


def export_rows(principal: Principal, params: SearchParams, limit: int = MAX_WINDOW) -> list[dict[str, Any]]:
    """The whole result set (up to `limit`), in the page's sort order, without facets."""
    export_params = SearchParams(**{**asdict(params), "page": 1, "size": min(limit, MAX_WINDOW)})
    result = search_suggestions(principal, export_params, facets=False)
    rows = []
    for r in result.results:
        row = {key: r.get(key) for key, _ in EXPORT_COLUMNS}
        row["created"] = (r.get("created") or "")[:10]
        rows.append(row)
    return rows


def _cell(value: Any) -> Any:
    """Spreadsheet-safe cell: text starting with = + - @ is prefixed so it is never a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows_to_csv(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in columns])
    for row in rows:
        writer.writerow([_cell(row.get(key)) for key, _ in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Korean CSV correctly


def rows_to_xlsx(rows: list[dict[str, Any]], columns: list[tuple[str, str]], title: str = "검색 결과") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([label for _, label in columns])
    for row in rows:
        sheet.append([_cell(row.get(key)) for key, _ in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HOTSPOT_COLUMNS = [
    ("key", "격자(z/x/y)"),
    ("district", "자치구"),
    ("count", "건수"),
    ("lat", "중심 위도"),
    ("lon", "중심 경도"),
    ("south", "남"),
    ("west", "서"),
    ("north", "북"),
    ("east", "동"),
    ("peak_hours", "집중 시간대"),
]


def hotspot_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for cell in sorted(data["cells"], key=lambda c: -c["count"]):
        rows.append({**cell, "peak_hours": " ".join(f"{h:02d}시" for h in cell["peak_hours"])})
    return rows


THEME_COLUMNS = [
    ("kind", "구분"),
    ("key", "주제어"),
    ("doc_count", "건수"),
    ("other_count", "전체/직전 기간"),
    ("score", "점수"),
    ("examples", "예시 제안"),
]


def theme_rows(themes_: list[dict[str, Any]], rising: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {
            "kind": "반복 주제",
            "key": t["key"],
            "doc_count": t["doc_count"],
            "other_count": t["bg_count"],
            "score": t["score"],
            "examples": " / ".join(e["title"] for e in t["examples"]),
        }
        for t in themes_
    ]
    rows += [
        {
            "kind": "급증 주제",
            "key": t["key"],
            "doc_count": t["doc_count"],
            "other_count": t["previous_count"],
            "score": t["score"],
            "examples": "",
        }
        for t in rising
    ]
    return rows
