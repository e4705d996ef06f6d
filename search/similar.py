"""Similar suggestions: for an indexed suggestion, and for a draft being filed.

Hybrid similarity: candidates from both legs (more_like_this over the morphemes and kNN over the
embeddings, both filtered by access and leaving out ended suggestions), ordered by reciprocal rank
fusion, and kept only when their absolute similarity clears SIMILAR_FLOOR:

    similarity = 0.6 · cosine(embeddings) + 0.4 · keyword coverage
                 (+ NEAR_BONUS for two field reports at the same place, + TIME_BONUS in the same hours)

keyword coverage = the share of the source's idf mass (idf from the index' own term statistics)
that the candidate's morphemes cover. The floor is calibrated, not tuned on the evaluation corpus:
see SIMILAR_FLOOR.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from elasticsearch import NotFoundError

from partners.access import Principal
from suggestions.text import mask_pii
from suggestions.workflow import INACTIVE_STATES

from . import client, embeddings
from .analysis import analyze_query
from .client import get_client, index_name
from .hybrid import RRF_K
from .indices import SUGGESTIONS
from .query import access_filter, suggestion_url

MLT_MINIMUM_SHOULD_MATCH = "10%"
NEARBY_BOOST = 5.0
CANDIDATES = 30  # per leg
DENSE_WEIGHT, KEYWORD_WEIGHT = 0.6, 0.4
NEAR_BONUS, NEAR_METRES = 0.1, 1500
TIME_BONUS = 0.05
# Calibrated on the shared sample data (120 proposals, /work/shared/data — not the evaluation corpus):
# the 90th percentile of the similarity between proposals of DIFFERENT fields (pairs that are
# certainly not duplicates) is 0.22, so at most ~1 in 10 unrelated pairs clears it; a 10 % word
# overlap with an unrelated topic (cosine ~0.2) scores ~0.16. The sample's hardest planted pair
# scores 0.24. Held-out check, the own test corpus (tests/search/fixtures): its five planted pairs
# score 0.49–0.79 and unrelated pairs' 90th percentile is 0.22 too.
SIMILAR_FLOOR = 0.22
# The order: more_like_this (with the place boosts) leads, kNN adds what other words describe.
LEG_WEIGHTS = (1.0, 0.25)
MORPH_FIELDS = ["title_morphs", "body_morphs"]
SOURCE = ["id", "ref", "title", "status", "created", "supports", "kind", "district", "location", "time_hours"]


def _nearby_boosts(near: dict) -> list[dict]:
    """Duplicates are usually about the same place: same district, or within 1.5 km."""
    boosts = []
    if near.get("district"):
        boosts.append({"constant_score": {"filter": {"term": {"district": near["district"]}}, "boost": NEARBY_BOOST}})
    if near.get("location"):
        geo = {"geo_distance": {"distance": f"{NEAR_METRES}m", "location": near["location"]}}
        boosts.append({"constant_score": {"filter": geo, "boost": NEARBY_BOOST}})
    return boosts


def _idf_terms(vectors: dict) -> dict[str, float]:
    """term → idf from a termvectors answer (term_statistics on)."""
    out: dict[str, float] = {}
    for field in (vectors or {}).values():
        n = field.get("field_statistics", {}).get("doc_count", 1)
        for term, stats in field.get("terms", {}).items():
            df = stats.get("doc_freq", 0)
            out[term] = max(out.get(term, 0.0), math.log(1 + (n - df + 0.5) / (df + 0.5)))
    return out


def _metres(a: dict | None, b: dict | None) -> float:
    if not a or not b:
        return math.inf
    dy = (a["lat"] - b["lat"]) * 111_320
    dx = (a["lon"] - b["lon"]) * 111_320 * math.cos(math.radians(a["lat"]))
    return math.hypot(dx, dy)


def similarity(source: dict, idf: dict[str, float], vector: np.ndarray, cand: dict) -> float:
    """The absolute hybrid similarity of a candidate's _source to the source (see the module doc)."""
    cos = 0.0
    if cand.get("embedding_f16") and not embeddings.is_zero(vector):
        cos = max(0.0, float(vector @ embeddings.decode(cand["embedding_f16"])))
    terms = set(" ".join(cand.get(f) or "" for f in MORPH_FIELDS).split())
    total = sum(idf.values())
    coverage = sum(w for t, w in idf.items() if t in terms) / total if total else 0.0
    score = DENSE_WEIGHT * cos + KEYWORD_WEIGHT * coverage
    if source.get("kind") == "field_report" and cand.get("kind") == "field_report":
        same_district = bool(source.get("district")) and source.get("district") == cand.get("district")
        if same_district or _metres(source.get("location"), cand.get("location")) <= NEAR_METRES:
            score += NEAR_BONUS
        if set(source.get("time_hours") or []) & set(cand.get("time_hours") or []):
            score += TIME_BONUS
    return score


def _similar(
    principal: Principal,
    like: list,
    vector: np.ndarray,
    idf: dict[str, float],
    size: int,
    exclude_id: int | None = None,
    source: dict | None = None,
) -> list[dict[str, Any]]:
    source = source or {}
    filters: list[dict] = [access_filter(principal)]
    must_not: list[dict] = [{"terms": {"status": sorted(str(s) for s in INACTIVE_STATES)}}]
    if exclude_id is not None:
        must_not.append({"term": {"id": exclude_id}})
    fetch = [*SOURCE, *MORPH_FIELDS, "embedding_f16"]
    mlt = {
        "more_like_this": {
            "fields": MORPH_FIELDS,
            "like": like,
            "min_term_freq": 1,
            "min_doc_freq": 1,
            "max_query_terms": 40,
            "minimum_should_match": MLT_MINIMUM_SHOULD_MATCH,
        }
    }
    searches: list[dict] = [
        {},
        {
            "query": {
                "bool": {"must": [mlt], "should": _nearby_boosts(source), "filter": filters, "must_not": must_not}
            },
            "size": CANDIDATES,
            "_source": fetch,
        },
    ]
    if not embeddings.is_zero(vector):
        knn_filter = [{"bool": {"filter": filters, "must_not": must_not}}]
        knn = {
            "field": "embedding",
            "query_vector": [float(x) for x in vector],
            "k": CANDIDATES,
            "num_candidates": CANDIDATES * 4,
            "filter": knn_filter,
        }
        searches += [{}, {"knn": knn, "size": CANDIDATES, "_source": fetch}]
    with client.missing_index_raised(SUGGESTIONS):
        responses = get_client().msearch(index=index_name(SUGGESTIONS), searches=searches)["responses"]
    by_id: dict[str, dict] = {}
    rankings = []
    for response in responses:
        if "error" in response:
            if (response["error"] or {}).get("type") == "index_not_found_exception":
                raise client.SearchIndexMissing(index_name(SUGGESTIONS))
            raise RuntimeError(f"similar: search failed: {response['error']}")
        hits = response["hits"]["hits"]
        rankings.append([h["_id"] for h in hits])
        by_id.update({h["_id"]: h["_source"] for h in hits})
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, LEG_WEIGHTS, strict=False):
        for rank, doc_id in enumerate(ranking, start=1):
            fused[doc_id] = fused.get(doc_id, 0.0) + weight / (RRF_K + rank)
    results = []
    for doc_id in sorted(fused, key=lambda d: -fused[d]):
        cand = by_id[doc_id]
        score = similarity(source, idf, vector, cand)
        if score < SIMILAR_FLOOR:
            continue
        shown = {k: cand.get(k) for k in ("id", "ref", "title", "status", "created", "supports")}
        results.append({**shown, "score": round(score, 4), "url": suggestion_url(cand["id"])})
        if len(results) >= size:
            break
    return results


def similar_suggestions(principal: Principal, suggestion_id: int, size: int = 10) -> list[dict[str, Any]]:
    """Suggestions similar to an indexed one (the caller checks the principal may see it)."""
    alias = index_name(SUGGESTIONS)
    es = get_client()
    try:
        with client.missing_index_raised(SUGGESTIONS):
            source = es.get(
                index=alias,
                id=str(suggestion_id),
                source=["kind", "district", "location", "time_hours", "embedding_f16"],
            )["_source"]
    except NotFoundError:
        return []  # not indexed (yet)
    tv = es.termvectors(
        index=alias, id=str(suggestion_id), fields=MORPH_FIELDS, term_statistics=True, positions=False, offsets=False
    )
    f16 = source.get("embedding_f16")
    vector = embeddings.decode(f16) if f16 else np.zeros(embeddings.DIMS, dtype=np.float32)
    like = [{"_index": alias, "_id": str(suggestion_id)}]
    return _similar(principal, like, vector, _idf_terms(tv.get("term_vectors")), size, suggestion_id, source)


def similar_to_text(principal: Principal, title: str, body: str, size: int = 5) -> list[dict[str, Any]]:
    """Suggestions resembling a draft (the filing form): masked, analysed and embedded like documents."""
    title, body = mask_pii(title or "")[:200], mask_pii(body or "")[:5000]
    title_a, body_a = analyze_query(title), analyze_query(body)
    text = " ".join([title_a["morphs"], title_a["morphs"], body_a["morphs"]]).strip()  # title counts double
    if len(text.split()) < 2:
        return []
    alias = index_name(SUGGESTIONS)
    with client.missing_index_raised(SUGGESTIONS):
        tv = get_client().termvectors(
            index=alias,
            doc={"title_morphs": title_a["morphs"], "body_morphs": body_a["morphs"]},
            fields=MORPH_FIELDS,
            term_statistics=True,
            positions=False,
            offsets=False,
        )
    vector = embeddings.embed([f"{title}\n{body}".strip()])[0]
    return _similar(principal, [text], vector, _idf_terms(tv.get("term_vectors")), size)
