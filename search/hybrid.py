"""Hybrid ranking: BM25 over the Kiwi morphemes + kNN over the sentence embeddings, fused by
reciprocal rank fusion (in Python: the RRF retriever is not in the core node), with pseudo-relevance
feedback on both legs.

Signature for the evaluation (bench/search_quality.py) — stable:

    ranked_ids(client, index, q, filters, *, bm25=True, dense=True, feedback=True,
               synonyms=True, size=20) -> list[tuple[str, float]]

`client`: an elasticsearch.Elasticsearch; `index`: index or alias name; `filters`: a list of ES
filter clauses applied to BOTH legs (access + facets: the kNN leg gets them as its `filter`, so a
document the principal may not see is never a candidate); `synonyms`: True reads the HQ synonym
list, False uses none, or pass the groups (list[list[str]]). Returns (`_id`, fused score), best first.
Extra keyword `min_similarity` (cosine floor for the kNN leg; default None = none). Documents need
`title_morphs`/`body_morphs` and the vector fields: `doc_builders.vector_fields(stored)` with
`stored = stored_analysis.analysis_of(masked_texts_of(title, body, None))` (or `analyses_of` in bulk).

Parameters are literature defaults chosen up front, not tuned on any evaluation corpus:
RRF k = 60 (Cormack, Clarke & Büttcher 2009); feedback from the top 10 fused documents with 10
expansion terms, the original query weighted 0.5 against them (RM3 as in Anserini:
fbDocs=10, fbTerms=10, originalQueryWeight=0.5); the query vector moved Rocchio-style with
alpha = 1, beta = 0.75 (Rocchio 1971 / Anserini's Rocchio defaults).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Any

import numpy as np

from suggestions.text import mask_pii

from . import embeddings
from .analysis import query_terms
from .client import SearchIndexMissing
from .query import TEXT_FIELDS, synonym_groups, text_query

RRF_K = 60
DEPTH = 100  # ranks per leg that enter the fusion (deeper pages ask for more)
NUM_CANDIDATES_FACTOR = 2  # HNSW candidates per shard: 2 × k (ES' own default is 1.5 × k)
FB_DOCS = 10
FB_TERMS = 10
FB_ORIGINAL_WEIGHT = 0.5
ROCCHIO_ALPHA, ROCCHIO_BETA = 1.0, 0.75
MORPH_FIELDS = ("title_morphs", "body_morphs")
_WORDS = re.compile(r"[가-힣A-Za-z]{1,}")


def dense_query_text(q: str) -> str:
    """What the kNN leg embeds: the query PII-masked (nothing un-masked is ever embedded); empty when
    no letters are left (digits and masks carry no meaning for the encoder: no dense leg)."""
    masked = mask_pii(q or "")
    return masked if _WORDS.search(masked) else ""


def rrf(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: score(d) = Σ 1 / (k + rank), rank from 1; ties keep first-seen order."""
    scores: dict[str, float] = defaultdict(float)
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking, start=1):
            scores[doc_id] += 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _groups(synonyms: bool | list[list[str]]) -> list[list[str]]:
    if synonyms is True:
        return synonym_groups()
    return list(synonyms) if synonyms else []


def bm25_body(clause: dict, filters: list[dict], depth: int) -> dict:
    return {"query": {"bool": {"must": [clause], "filter": filters}}, "size": depth, "_source": False}


def knn_body(vector: np.ndarray, filters: list[dict], depth: int, min_similarity: float | None = None) -> dict:
    knn: dict[str, Any] = {
        "field": "embedding",
        "query_vector": [float(x) for x in vector],
        "k": depth,
        "num_candidates": max(depth * NUM_CANDIDATES_FACTOR, 50),
        "filter": filters,
    }
    if min_similarity is not None:
        knn["similarity"] = min_similarity  # raw cosine
    return {"knn": knn, "size": depth, "_source": False}


def _run_legs(client, index: str, bodies: list[dict | None]) -> list[list[str]]:
    """The legs in one _msearch round trip; a leg that is None ranks nothing."""
    searches: list[dict] = []
    for body in bodies:
        if body is not None:
            searches += [{"index": index}, body]
    responses = iter(client.msearch(searches=searches)["responses"] if searches else [])
    out: list[list[str]] = []
    for body in bodies:
        if body is None:
            out.append([])
            continue
        response = next(responses)
        if "error" in response:
            if (response["error"] or {}).get("type") == "index_not_found_exception":
                raise SearchIndexMissing(index)  # "search unavailable", as a plain search would say
            raise RuntimeError(f"search leg failed: {response['error']}")
        out.append([h["_id"] for h in response["hits"]["hits"]])
    return out


def feedback_vector(client, index: str, ids: list[str], query_vector: np.ndarray) -> np.ndarray:
    """Rocchio: alpha·q + beta·mean(feedback documents' vectors), re-normalised."""
    docs = client.mget(index=index, ids=ids, source=["embedding_f16"])["docs"]
    vectors = [
        embeddings.decode(d["_source"]["embedding_f16"]) for d in docs if (d.get("_source") or {}).get("embedding_f16")
    ]
    if not vectors:
        return query_vector
    moved = ROCCHIO_ALPHA * query_vector + ROCCHIO_BETA * np.mean(vectors, axis=0)
    return moved / max(float(np.linalg.norm(moved)), 1e-12)


def feedback_terms(
    client, index: str, ids: list[str], weights: list[float], exclude: set[str]
) -> list[tuple[str, float]]:
    """RM3-style expansion terms: Σ_d P(t|d)·w(d)·idf(t) over the feedback documents (term
    statistics from the index itself), the query's own terms left out; top FB_TERMS, max-normalised."""
    response = client.mtermvectors(
        index=index,
        ids=ids,
        fields=list(MORPH_FIELDS),
        term_statistics=True,
        field_statistics=True,
        positions=False,
        offsets=False,
        payloads=False,
    )
    total_weight = sum(weights) or 1.0
    scores: dict[str, float] = defaultdict(float)
    for doc, weight in zip(response["docs"], weights, strict=False):
        for field in (doc.get("term_vectors") or {}).values():
            n_docs = field.get("field_statistics", {}).get("doc_count", 1)
            terms = field.get("terms", {})
            length = sum(t["term_freq"] for t in terms.values()) or 1
            for term, stats in terms.items():
                if term in exclude or len(term) < 2:
                    continue
                idf = math.log(1 + (n_docs - stats.get("doc_freq", 0) + 0.5) / (stats.get("doc_freq", 0) + 0.5))
                scores[term] += stats["term_freq"] / length * weight / total_weight * idf
    best = sorted(scores.items(), key=lambda item: -item[1])[:FB_TERMS]
    top = best[0][1] if best else 1.0
    return [(term, score / top) for term, score in best]


def expanded_clause(clause: dict | None, terms: list[tuple[str, float]]) -> dict | None:
    """The original clause (weight FB_ORIGINAL_WEIGHT) OR the weighted expansion terms (the rest)."""
    if not terms:
        return clause
    expansion = [
        {"multi_match": {"query": term, "fields": TEXT_FIELDS, "boost": round((1 - FB_ORIGINAL_WEIGHT) * w, 4)}}
        for term, w in terms
    ]
    should = expansion + ([{"bool": {"must": [clause], "boost": FB_ORIGINAL_WEIGHT}}] if clause else [])
    return {"bool": {"should": should, "minimum_should_match": 1}}


def ranked_ids(
    client: Any,
    index: str,
    q: str,
    filters: list[dict],
    *,
    bm25: bool = True,
    dense: bool = True,
    feedback: bool = True,
    synonyms: bool | list[list[str]] = True,
    size: int = 20,
    min_similarity: float | None = None,
) -> list[tuple[str, float]]:
    """The fused ranking of q over `index` within `filters` (see the module docstring).
    `min_similarity`: a cosine floor for the kNN leg (the HQ page's count uses one)."""
    depth = max(DEPTH, size)
    clause = text_query(q, synonyms=_groups(synonyms)) if bm25 else None
    dense_q = dense_query_text(q) if dense else ""
    vector = embeddings.embed_query(dense_q) if dense_q else None
    if vector is not None and embeddings.is_zero(vector):
        vector = None
    if clause is None and vector is None:
        return []

    def legs(clause: dict | None, vector: np.ndarray | None) -> list[list[str]]:
        bodies = [
            bm25_body(clause, filters, depth) if clause is not None else None,
            knn_body(vector, filters, depth, min_similarity) if vector is not None else None,
        ]
        return [ranking for ranking, body in zip(_run_legs(client, index, bodies), bodies, strict=True) if body]

    fused = rrf(legs(clause, vector))
    if feedback and fused:
        top = fused[:FB_DOCS]
        ids = [doc_id for doc_id, _ in top]
        if clause is not None:
            terms = feedback_terms(client, index, ids, [s for _, s in top], set(query_terms(q)))
            clause = expanded_clause(clause, terms)
        if vector is not None:
            vector = feedback_vector(client, index, ids, vector)
        fused = rrf(legs(clause, vector))
    return fused[:size]
