"""Query building: analysed full text + HQ synonyms, the access filter, facet and date filters.

Queries are analysed in Python by the same code as the documents (search.analysis) and expanded
with the HQ-edited synonym list (search.models.Synonym) at query time. Every query is filtered by
the principal's access tokens (partners.access.principal_tokens), so the index never shows more
than the database.
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from partners.access import Principal, principal_tokens
from suggestions.models import Suggestion

from .analysis import analyze_query
from .models import Synonym
from .params import FACETS, SearchParams

TZ = "Asia/Seoul"
TEXT_FIELDS = ["title_morphs^3", "body_morphs", "answer_morphs^0.3"]
QUERY_MINIMUM_SHOULD_MATCH = "1"  # recall first; ranking sorts it out (bench/search_quality.py)
SYNONYM_BOOST = 0.9


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text or "").lower()


def synonym_groups() -> list[list[str]]:
    """Active synonym groups, read fresh on every query so HQ's edits apply at once (a few rows)."""
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


def access_filter(principal: Principal) -> dict:
    return {"terms": {"access": principal_tokens(principal)}}


def facet_filters(params: SearchParams) -> dict[str, dict]:
    return {name: {"term": {name: getattr(params, name)}} for name in FACETS if getattr(params, name)}


def base_filters(principal: Principal, params: SearchParams) -> list[dict]:
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
    filters = base_filters(principal, params)
    if include_facet_filters:
        filters += list(facet_filters(params).values())
    query: dict[str, Any] = {"bool": {"filter": filters}}
    if params.q:
        clause = text_query(params.q, synonyms=synonyms)
        # A query with no content words (only particles/punctuation) matches nothing, not everything.
        query["bool"]["must"] = [clause] if clause else [{"match_none": {}}]
    return query


def sort_clause(params: SearchParams) -> list:
    if params.sort == "date":
        return [{"created": "desc"}, {"id": "desc"}]
    if params.sort == "supports":
        return [{"supports": "desc"}, {"created": "desc"}, {"id": "desc"}]
    return ["_score", {"created": "desc"}, {"id": "desc"}]


# --- Shaping hits ---------------------------------------------------------------------------


def suggestion_url(suggestion_id: int) -> str:
    return reverse("suggestions:detail", args=[suggestion_id])


def label(kind: str, value: str | None) -> str:
    """Label of a status/kind value (the value itself when unknown)."""
    choices = Suggestion.Status if kind == "status" else Suggestion.Kind
    try:
        return str(choices(value or "").label)
    except ValueError:
        return value or ""
