"""Hybrid ranking: BM25 over Kiwi morphemes + kNN over sentence embeddings, fused by RRF.

Signature for the evaluation (bench/search_quality.py) — stable:

    ranked_ids(client, index, q, filters, *, bm25=True, dense=True, feedback=True,
               synonyms=True, size=20) -> list[tuple[str, float]]

`client`: an elasticsearch.Elasticsearch; `index`: index or alias name; `filters`: a list of ES
filter clauses applied to BOTH legs (access + facets); `synonyms`: True reads the HQ synonym list,
False uses none, or pass the groups (list[list[str]]). Returns (`_id`, fused score), best first.
"""

from __future__ import annotations

from typing import Any


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
) -> list[tuple[str, float]]:
    raise NotImplementedError  # stub: implementation follows
