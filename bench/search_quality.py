"""Search quality on a labelled Korean corpus: the project's analysis vs a plain baseline.

    .venv/bin/python bench/search_quality.py            # against $ELASTICSEARCH_URL (make run's node)

The corpus (bench/quality/corpus.jsonl, 100 short suggestions in 13 topics, written for this
project in mixed styles: 공문체, 해요체, cafe posts with misspellings) and the queries
(bench/quality/queries.jsonl, 25 queries with their relevant ids: inflected forms, colloquial
words, synonyms) are indexed twice into throwaway indices on the real Elasticsearch node:

- project:  title/body analysed by search.analysis (kiwipiepy morphemes + compounds) and queried
            with search.query.text_query (same analysis + the default synonym list);
- baseline: raw title/body with Elasticsearch's standard analyzer, queried with a multi_match;
- and, for reference, the project's analysis with an empty synonym list.

Prints nDCG@10 and recall@20 per query type and overall, side by side. Binary relevance.
"""

from __future__ import annotations

import json
import math
import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUALITY = Path(__file__).resolve().parent / "quality"


def _setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (QUALITY / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: list[str], relevant: set[str], k: int = 20) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def evaluate(client=None, prefix: str | None = None) -> dict:
    """Index the corpus both ways, run every query, return per-query and mean metrics."""
    from django.conf import settings

    from search.analysis import analyze
    from search.client import get_client
    from search.defaults import DEFAULT_SYNONYMS
    from search.documents import mapping_for
    from search.query import TEXT_FIELDS, text_query

    client = client or get_client()
    prefix = prefix or f"{settings.ES_INDEX_PREFIX}-bench-{uuid.uuid4().hex[:8]}"
    corpus, queries = load("corpus.jsonl"), load("queries.jsonl")
    synonyms = [
        [term, *[e.strip() for e in exp.replace("/", ",").split(",") if e.strip()]]
        for term, exp in DEFAULT_SYNONYMS.items()
    ]
    project_index, baseline_index = f"{prefix}-project", f"{prefix}-baseline"
    settings_ = {"number_of_shards": 1, "number_of_replicas": 0}
    client.indices.create(index=project_index, settings=settings_, mappings=mapping_for("suggestions"))
    client.indices.create(
        index=baseline_index,
        settings=settings_,
        mappings={"properties": {"title": {"type": "text"}, "body": {"type": "text"}}},
    )
    try:
        ops = []
        for doc in corpus:
            ops += [
                {"index": {"_index": project_index, "_id": doc["id"]}},
                {
                    "title": doc["title"],
                    "body": doc["body"],
                    "title_morphs": analyze(doc["title"])["morphs"],
                    "body_morphs": analyze(doc["body"])["morphs"],
                    "access": ["public"],
                },
                {"index": {"_index": baseline_index, "_id": doc["id"]}},
                {"title": doc["title"], "body": doc["body"]},
            ]
        client.bulk(operations=ops, refresh=True)
        rows = []
        for query in queries:
            relevant = set(query["relevant"])
            clause = text_query(query["q"], TEXT_FIELDS, synonyms) or {"match_none": {}}
            project = [h["_id"] for h in client.search(index=project_index, query=clause, size=20)["hits"]["hits"]]
            no_syn_clause = text_query(query["q"], TEXT_FIELDS, []) or {"match_none": {}}
            no_syn = [
                h["_id"] for h in client.search(index=project_index, query=no_syn_clause, size=20)["hits"]["hits"]
            ]
            baseline_query = {"multi_match": {"query": query["q"], "fields": ["title^3", "body"]}}
            baseline = [
                h["_id"] for h in client.search(index=baseline_index, query=baseline_query, size=20)["hits"]["hits"]
            ]
            rows.append(
                {
                    "q": query["q"],
                    "type": query["type"],
                    "project": {"ndcg10": ndcg_at(project, relevant), "recall20": recall_at(project, relevant)},
                    "no_synonyms": {"ndcg10": ndcg_at(no_syn, relevant), "recall20": recall_at(no_syn, relevant)},
                    "baseline": {"ndcg10": ndcg_at(baseline, relevant), "recall20": recall_at(baseline, relevant)},
                }
            )
    finally:
        client.options(ignore_status=404).indices.delete(index=f"{project_index},{baseline_index}")

    def mean(system: str, metric: str, subset=None) -> float:
        values = [r[system][metric] for r in rows if subset is None or r["type"] == subset]
        return sum(values) / len(values) if values else 0.0

    types = sorted({r["type"] for r in rows})
    summary = {
        system: {
            "ndcg10": mean(system, "ndcg10"),
            "recall20": mean(system, "recall20"),
            "by_type": {
                t: {"ndcg10": mean(system, "ndcg10", t), "recall20": mean(system, "recall20", t)} for t in types
            },
        }
        for system in ("project", "no_synonyms", "baseline")
    }
    return {"queries": rows, "docs": len(corpus), **summary}


def report(result: dict) -> str:
    lines = [
        f"Search quality: {result['docs']} docs, {len(result['queries'])} queries (binary relevance)",
        "",
        f"{'':28}{'project':>20}{'baseline':>20}",
        f"{'':28}{'nDCG@10':>10}{'R@20':>10}{'nDCG@10':>10}{'R@20':>10}",
    ]
    for row in result["queries"]:
        p, b = row["project"], row["baseline"]
        label = f"{row['q']} [{row['type']}]"
        lines.append(f"{label:<28}{p['ndcg10']:>10.3f}{p['recall20']:>10.3f}{b['ndcg10']:>10.3f}{b['recall20']:>10.3f}")
    lines.append("")
    for t in result["project"]["by_type"]:
        p, b = result["project"]["by_type"][t], result["baseline"]["by_type"][t]
        lines.append(
            f"{'mean ' + t:<28}{p['ndcg10']:>10.3f}{p['recall20']:>10.3f}{b['ndcg10']:>10.3f}{b['recall20']:>10.3f}"
        )
    p, b = result["project"], result["baseline"]
    lines.append(
        f"{'MEAN (all)':<28}{p['ndcg10']:>10.3f}{p['recall20']:>10.3f}{b['ndcg10']:>10.3f}{b['recall20']:>10.3f}"
    )
    n = result["no_synonyms"]
    lines.append(f"{'(project, no synonyms)':<28}{n['ndcg10']:>10.3f}{n['recall20']:>10.3f}")
    return "\n".join(lines)


def main() -> int:
    _setup_django()
    result = evaluate()
    print(report(result))
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "search_quality.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
