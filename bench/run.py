#!/usr/bin/env python
"""`make bench` (SIZE=100000): Cheong's benchmark harness. Prints a table, writes
bench/results/<timestamp>.json and docs/benchmarks.md.

Everything runs on this machine against the real services, in a database (`cheong_bench`), index
prefix (`cheong-bench`) and Celery queue of its own (bench/settings.py):

1. load a Korean corpus of --size suggestions (kept between runs; bench/load_corpus.py):
   `--corpus realistic` (bench/realistic.py) or `simple` (bench/corpus.py, the earlier figures);
2. Korean analysis throughput (kiwipiepy, search.analysis) on fresh texts, 2 processes;
3. bulk (re)index throughput: search.indexing.rebuild() with the stored analyses;
4. topic search latency for a fixed query mix: Elasticsearch (search.topics.search_suggestions,
   as the HQ page runs it) vs a PostgreSQL full-text baseline (to_tsvector('simple', …) + GIN) on
   the same rows and queries, in the same run;
5. theme aggregation (one year, one field) latency (2–5: bench/measure_search.py);
6. filing → searchable lag through a real Celery worker (bench/measure_lag.py);
7. the SQL queries each page runs, and on one local gunicorn: each page's peak req/s against a
   trivial view, the main pages under 50 concurrent clients (locust, headless, bounded, on workers
   that have loaded the models), the pages at a fixed arrival rate (open loop), and the web
   workers' memory with and without the models (bench/measure_pages.py, bench/measure_load.py);
8. the slowest page (HQ search) taken apart: its Elasticsearch round trips and a cProfile
   (bench/profile_page.py).

The table, the JSON and the docs block come from bench/report.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import django

# Run as a script (`python bench/run.py`): the project root on the path and the bench settings
# before Django starts; the measurement modules import models, so they come after django.setup().
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DATABASE_URL", "postgres://cheong@127.0.0.1:54329/cheong")
os.environ.setdefault("CHEONG_TEST_RUN", "bench")

django.setup()

from bench import measure_load, measure_search, report  # noqa: E402
from bench.harness import ROOT, ensure_database, load_average, log, machine, migrate  # noqa: E402
from bench.load_corpus import load_corpus  # noqa: E402
from bench.measure_lag import measure_lag  # noqa: E402
from bench.measure_pages import HQ_QUERY, page_urls, prepare_pages, query_counts  # noqa: E402
from bench.profile_page import profile_page  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--corpus", choices=("realistic", "simple"), default="realistic")
    parser.add_argument("--analysis-docs", type=int, default=1000)
    parser.add_argument("--search-rounds", type=int, default=10)
    parser.add_argument("--lag-filings", type=int, default=25)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--page-seconds", type=int, default=20)
    parser.add_argument("--rate", type=float, default=100, help="open-loop arrival rate, requests/s")
    parser.add_argument("--open-seconds", type=int, default=15)
    parser.add_argument("--peak-seconds", type=int, default=4)
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument(
        "--reuse-index",
        action="store_true",
        help="skip the rebuild when the index already holds the corpus (its figure is then not measured)",
    )
    return parser.parse_args(argv)


def partial(r: dict) -> None:
    """The figures so far, kept if a later step fails (bench/results/<start>-partial.json)."""
    report.write_json(r, f"{r['stamp']}-partial")


def run(args: argparse.Namespace, started: dt.datetime) -> dict:
    """Every measurement in order; the raw figures as one dict (what the JSON holds)."""
    t_all = time.perf_counter()
    ensure_database()
    migrate()
    r: dict = {"started": started.strftime("%Y-%m-%d %H:%M"), "size": args.size, "machine": machine()}
    r["stamp"] = started.strftime("%Y%m%dT%H%M%S")
    r["corpus"] = load_corpus(args.size, args.seed, args.corpus)
    partial(r)
    log("Korean analysis throughput …")
    r["analysis"] = measure_search.measure_analysis(args.analysis_docs)
    log(f"  {r['analysis']['docs_per_s']:,.0f} docs/s")
    log("analysis + embedding of new text …")
    r["ingest"] = measure_search.measure_ingest(args.analysis_docs // 2)
    log(f"  {r['ingest']['docs_per_s']:,.0f} docs/s")
    indexed = measure_search.indexed_count() if args.reuse_index else -1
    if indexed >= args.size:
        log(f"bulk index: reusing the index of {indexed:,} documents (--reuse-index; not measured)")
        r["index"] = {"docs": indexed, "reused": True}
    else:
        log("bulk index (rebuild) …")
        r["index"] = measure_search.measure_bulk_index()
        log(f"  {r['index']['docs']:,} docs, {r['index']['docs_per_s']:,.0f} docs/s")
    partial(r)
    log("PostgreSQL full-text baseline index …")
    r["pg_fulltext_setup_s"] = round(measure_search.ensure_pg_fulltext(), 1)
    log("topic search: Elasticsearch vs PostgreSQL …")
    r["search"] = measure_search.measure_search(args.search_rounds)
    log("themes …")
    r["themes"] = measure_search.measure_themes(max(2, args.search_rounds // 2))
    log("filing → searchable lag …")
    r["lag"] = measure_lag(args.lag_filings)
    partial(r)
    r["public_stats_refresh_s"] = prepare_pages()
    urls = page_urls()
    r["urls"] = {k: v for k, v in urls.items() if not k.startswith("_")}
    r["queries_per_page"] = query_counts(urls)
    log(
        f"pages: peak req/s vs a trivial view, {args.users} clients for {args.page_seconds}s, open loop at "
        f"{args.rate:g} req/s, worker memory …"
    )
    r["load"] = measure_load.measure_all(
        urls,
        rate=args.rate,
        open_seconds=args.open_seconds,
        peak_seconds=args.peak_seconds,
        closed=(args.users, args.page_seconds),
    )
    r["pages"] = r["load"].pop("closed")
    partial(r)
    log("the slowest page (HQ search) taken apart …")
    r["profile"] = profile_page(urls["HQ search"].split("?")[0], "hq", [HQ_QUERY, "보이스피싱", "불법 주정차"])
    r["total_seconds"] = round(time.perf_counter() - t_all, 1)
    r["load_avg_at_end"] = load_average()
    return r


def main() -> None:
    args = parse_args()
    started = dt.datetime.now(dt.UTC)
    r = run(args, started)
    json_path = report.write_json(r, started.strftime("%Y%m%dT%H%M%S"))
    rows = report.summary_rows(r)
    print()
    print(report.table_text(rows))
    print(f"\n{args.size:,} suggestions; total {r['total_seconds']:.0f}s; results: {json_path.relative_to(ROOT)}")
    if not args.no_doc:
        report.write_doc(r, rows, json_path)


if __name__ == "__main__":
    main()
