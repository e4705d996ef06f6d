"""Steps 2–5: Korean analysis throughput, bulk (re)index, topic search (Elasticsearch vs a
PostgreSQL full-text baseline) and theme aggregation — each through search's public functions,
as the worker and the HQ pages call them. Imported after django.setup() (bench/run.py).
"""

from __future__ import annotations

import multiprocessing
import re
import statistics
import time
from typing import Any

import django
from django.contrib.auth import get_user_model
from django.db import connection

from bench.corpus import FIELDS, QUERY_MIX, generate
from bench.harness import pct, percentiles
from partners.access import Principal, principal_for, visibility_levels
from search import client as search_client
from search import indexing
from search.analysis import analyze, get_kiwi
from search.indices import ANNOUNCEMENTS, SUGGESTIONS, ensure_index
from search.params import SearchParams
from search.query import build_query
from search.themes import themes
from search.topics import search_suggestions
from suggestions.text import html_to_text, mask_pii

ID_TITLE = ["id", "title"]

# --- 2. analysis throughput ---------------------------------------------------------------------


def _analyze_pair(pair: tuple[str, str]) -> int:
    title, body = pair
    return len(analyze(mask_pii(title))["morphs"]) + len(analyze(mask_pii(html_to_text(body)))["morphs"])


def _init_pool_process() -> None:
    django.setup()
    get_kiwi()


def measure_analysis(n: int, processes: int = 2) -> dict:
    pairs = [(r.title, r.body) for r in generate(n, seed=7_000_001)]  # fresh texts: nothing cached
    connection.close()  # forked workers read the dictionary: none may share this process's connection
    with multiprocessing.get_context("fork").Pool(processes, initializer=_init_pool_process) as pool:
        pool.map(_analyze_pair, pairs[: processes * 4])  # warm up
        t0 = time.perf_counter()
        pool.map(_analyze_pair, pairs, chunksize=25)
        seconds = time.perf_counter() - t0
    return {"docs": n, "processes": processes, "seconds": round(seconds, 2), "docs_per_s": round(n / seconds, 1)}


def measure_ingest(n: int, seed: int = 7_000_003) -> dict:
    """What filing pays per new suggestion, on fresh realistic texts nothing has cached: PII masking,
    Kiwi analysis of the whole title and body in batch on Kiwi's threads (2, one per core) and the
    sentence embedding in batches (the model loaded once, as in the worker)."""
    from bench.realistic import generate as realistic_rows
    from search import embeddings
    from search.analysis import analyze_many
    from search.stored_analysis import embedding_text, masked_texts_of

    rows = list(realistic_rows(n, seed=seed))
    embeddings.embed(["모델을 미리 불러 둡니다"])  # the worker loads it once, at its first task
    analyze_many(["워밍업 문장입니다"], workers=2)
    t0 = time.perf_counter()
    texts = [masked_texts_of(r.title, r.body, None) for r in rows]
    t1 = time.perf_counter()
    analyze_many([t[k] for t in texts for k in ("title", "body")], workers=2)
    t2 = time.perf_counter()
    embeddings.embed([embedding_text(t) for t in texts])
    t3 = time.perf_counter()
    return {
        "docs": n,
        "mask_s": round(t1 - t0, 2),
        "analysis_s": round(t2 - t1, 2),
        "embedding_s": round(t3 - t2, 2),
        "analysis_docs_per_s": round(n / (t2 - t1), 1),
        "embedding_docs_per_s": round(n / (t3 - t2), 1),
        "docs_per_s": round(n / (t3 - t0), 1),
    }


# --- 3. bulk index -----------------------------------------------------------------------------


def indexed_count() -> int:
    """Documents in the suggestions alias (-1 when there is none)."""
    client = search_client.get_client()
    alias = search_client.index_name(SUGGESTIONS)
    if not client.indices.exists(index=alias):
        return -1
    return int(client.count(index=alias)["count"])


def measure_bulk_index() -> dict:
    client = search_client.get_client()
    client.options(ignore_status=404).indices.delete(index=search_client.index_name("*"))
    t0 = time.perf_counter()
    indexing.rebuild(SUGGESTIONS)
    seconds = time.perf_counter() - t0
    alias = search_client.index_name(SUGGESTIONS)
    client.indices.refresh(index=alias)
    count = client.count(index=alias)["count"]
    ensure_index(ANNOUNCEMENTS)  # reads never create an index; the HQ search page reads this one too
    return {"docs": count, "seconds": round(seconds, 1), "docs_per_s": round(count / seconds, 1)}


# --- 4. search: Elasticsearch vs PostgreSQL ----------------------------------------------------


def ensure_pg_fulltext() -> float:
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "ALTER TABLE suggestions_suggestion ADD COLUMN IF NOT EXISTS bench_tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || body)) STORED"
        )
        cur.execute("CREATE INDEX IF NOT EXISTS bench_tsv_gin ON suggestions_suggestion USING GIN (bench_tsv)")
        cur.execute("ANALYZE suggestions_suggestion")
    return time.perf_counter() - t0


def _pg_query(principal: Principal, q: str) -> int:
    """The baseline: PostgreSQL full text ('simple' config, prefix terms so 가로등 finds 가로등이),
    the same visibility rule, rank-ordered top 20 plus the total count — what one result page needs."""
    visibilities = visibility_levels(principal)  # the database's rule (partners.access)
    terms = [re.sub(r"[^\w]", "", w) for w in q.split()]
    tsq = " & ".join(f"{t}:*" for t in terms if t)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, ts_rank(bench_tsv, q) AS r FROM suggestions_suggestion, to_tsquery('simple', %s) q "
            "WHERE bench_tsv @@ q AND visibility = ANY(%s) ORDER BY r DESC, id DESC LIMIT 20",
            [tsq, visibilities],
        )
        rows = cur.fetchall()
        cur.execute(
            "SELECT count(*) FROM suggestions_suggestion WHERE bench_tsv @@ to_tsquery('simple', %s) "
            "AND visibility = ANY(%s)",
            [tsq, visibilities],
        )
        count = cur.fetchone()[0]
    assert len(rows) <= 20
    return count


def _hq() -> Principal:
    return principal_for(get_user_model().objects.get(username="hq"))


def measure_search(rounds: int) -> dict:
    hq = _hq()
    es_ms: list[float] = []
    core_ms: list[float] = []
    took_ms: list[float] = []
    pg_ms: list[float] = []
    hits_es, hits_pg = {}, {}
    for q in QUERY_MIX:  # warm-up (caches, kiwi)
        search_suggestions(hq, SearchParams.from_query({"q": q}))
        _pg_query(hq, q)
    for _ in range(rounds):
        for q in QUERY_MIX:
            t0 = time.perf_counter()
            result = search_suggestions(hq, SearchParams.from_query({"q": q}))
            es_ms.append((time.perf_counter() - t0) * 1000)
            hits_es[q] = result.count
            query = build_query(hq, SearchParams.from_query({"q": q}))
            t0 = time.perf_counter()
            raw = search_client.search(SUGGESTIONS, query=query, size=20, track_total_hits=True, _source=ID_TITLE)
            core_ms.append((time.perf_counter() - t0) * 1000)
            took_ms.append(raw["took"])
            t0 = time.perf_counter()
            hits_pg[q] = _pg_query(hq, q)
            pg_ms.append((time.perf_counter() - t0) * 1000)
    out: dict[str, Any] = {
        "queries": len(QUERY_MIX) * rounds,
        "es_ms": percentiles(es_ms, 50, 95, 99),
        "pg_ms": percentiles(pg_ms, 50, 95, 99),
        # The same query without facets/highlighting/analysis: one round trip, and ES's own "took".
        "es_query_only_ms": percentiles(core_ms, 50, 95, 99),
        "es_took_ms": percentiles(took_ms, 50, 95),
        "median_hits_es": statistics.median(hits_es.values()),
        "median_hits_pg": statistics.median(hits_pg.values()),
    }
    out["speedup_p95"] = out["pg_ms"]["p95"] / out["es_ms"]["p95"]
    out["speedup_p50"] = out["pg_ms"]["p50"] / out["es_ms"]["p50"]
    return out


# --- 5. themes ---------------------------------------------------------------------------------


def measure_themes(rounds: int) -> dict:
    hq = _hq()
    ms: list[float] = []
    counts = []
    for i in range(rounds * len(FIELDS) + len(FIELDS)):
        field = FIELDS[i % len(FIELDS)]
        params = SearchParams.from_query({"field": field, "date_from": "2025-01-01", "date_to": "2025-12-31"})
        t0 = time.perf_counter()
        found = themes(hq, params)
        if i >= len(FIELDS):  # first pass is warm-up
            ms.append((time.perf_counter() - t0) * 1000)
        counts.append(len(found["themes"]))
    return {"runs": len(ms), "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95), "themes_per_call": statistics.median(counts)}
