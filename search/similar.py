"""Similar suggestions (more_like_this): for an indexed suggestion, and for a draft being filed."""

from __future__ import annotations

from typing import Any

from elasticsearch import NotFoundError

from partners.access import Principal
from suggestions.text import mask_pii
from suggestions.workflow import INACTIVE_STATES

from . import client
from .analysis import analyze_query
from .client import get_client, index_name
from .indices import SUGGESTIONS
from .query import access_filter, suggestion_url

MLT_MINIMUM_SHOULD_MATCH = "10%"
NEARBY_BOOST = 5.0


def _nearby_boosts(near: dict) -> list[dict]:
    """Duplicates are usually about the same place: same district, or within 1.5 km."""
    boosts = []
    if near.get("district"):
        boosts.append({"constant_score": {"filter": {"term": {"district": near["district"]}}, "boost": NEARBY_BOOST}})
    if near.get("location"):
        geo = {"geo_distance": {"distance": "1500m", "location": near["location"]}}
        boosts.append({"constant_score": {"filter": geo, "boost": NEARBY_BOOST}})
    return boosts


def _similar(
    principal: Principal, like: list, size: int, exclude_id: int | None = None, near: dict | None = None
) -> list[dict[str, Any]]:
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
            "must_not": [{"terms": {"status": sorted(str(s) for s in INACTIVE_STATES)}}],
        }
    }
    if exclude_id is not None:
        query["bool"]["must_not"].append({"term": {"id": exclude_id}})
    response = client.search(
        SUGGESTIONS, query=query, size=size, _source=["id", "ref", "title", "status", "created", "supports"]
    )
    return [
        {**h["_source"], "score": round(h["_score"], 4), "url": suggestion_url(h["_source"]["id"])}
        for h in response["hits"]["hits"]
    ]


def similar_suggestions(principal: Principal, suggestion_id: int, size: int = 10) -> list[dict[str, Any]]:
    """More-like-this for an indexed suggestion (the caller checks the principal may see it),
    boosted by place (same district / within 1.5 km)."""
    alias = index_name(SUGGESTIONS)
    try:
        with client.missing_index_raised(SUGGESTIONS):
            source = get_client().get(index=alias, id=str(suggestion_id), source=["district", "location"])["_source"]
    except NotFoundError:
        return []  # not indexed (yet)
    return _similar(principal, [{"_index": alias, "_id": str(suggestion_id)}], size, suggestion_id, near=source)


def similar_to_text(principal: Principal, title: str, body: str, size: int = 5) -> list[dict[str, Any]]:
    """Suggestions resembling a draft (the filing form), analysed exactly like documents."""
    title_a = analyze_query(mask_pii(title or "")[:200])
    body_a = analyze_query(mask_pii(body or "")[:5000])
    text = " ".join([title_a["morphs"], title_a["morphs"], body_a["morphs"]]).strip()  # title counts double
    if len(text.split()) < 2:
        return []
    return _similar(principal, [text], size)
