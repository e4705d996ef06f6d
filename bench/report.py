"""The benchmark's report: targets and verdicts, the summary table (terminal and Markdown), the raw
JSON in bench/results/ and the generated block of docs/benchmarks.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bench.harness import RESULTS_DIR, ROOT

TARGETS = {  # at 1,000,000 suggestions on this 2-core machine (issue 15)
    "distinct_morphemes": (">=", 30000),
    "index_docs_per_s": (">=", 5000),
    "ingest_docs_per_s": (">=", 200),
    "search_p95_ms": ("<=", 50),
    "search_speedup_vs_pg": (">=", 10),
    "themes_p95_ms": ("<=", 200),
    "lag_p95_s": ("<=", 2),
    "pages_p95_ms": ("<=", 100),
    "open_loop_errors": ("<=", 0),
    "peak_ratio": (">=", 0.5),
}
DOC = ROOT / "docs" / "benchmarks.md"
FIGURES = re.compile(r"<!-- bench:figures:start.*?<!-- bench:figures:end -->", flags=re.S)
PAGES = (
    "home",
    "announcement",
    "suggestion detail",
    "my suggestions",
    "HQ search",
    "home (anonymous)",
    "public statistics",
)

Row = tuple[str, str, str]


def verdict(key: str, value: float) -> str:
    op, target = TARGETS[key]
    ok = value >= target if op == ">=" else value <= target
    return f"{'met' if ok else 'MISSED'} ({op} {target})"


def summary_rows(r: dict) -> list[Row]:
    s, pages = r["search"], r["pages"]["pages"]
    agg = pages.get("Aggregated", {})
    index_rate = r["index"].get("docs_per_s")  # None: the index was reused (--reuse-index)
    with_analysis = 1 / (1 / r["analysis"]["docs_per_s"] + 1 / index_rate) if index_rate else None
    c = r.get("corpus", {})
    rows: list[Row] = []
    if c.get("distinct_morphemes"):
        rows.append(("corpus: distinct Kiwi morphemes", f"{c['distinct_morphemes']:,}",
                     verdict("distinct_morphemes", c["distinct_morphemes"])))  # fmt: skip
    if c.get("generated"):
        agree = c.get("word_analysis_agreement")
        rows.append(("corpus load (bulk: worker processes, COPY)",
                     f"{c['seconds']:,.0f} s, {c.get('rows_per_s', 0):,.0f} rows/s"
                     + (f"; word-level analysis agrees on {agree:.1%} of tokens" if agree else ""), ""))  # fmt: skip
    rows += [
        ("Korean analysis (kiwipiepy, 2 procs)", f"{r['analysis']['docs_per_s']:,.0f} docs/s", "(part of index)"),
        ("bulk index (stored analysis)",
         f"{index_rate:,.0f} docs/s" if index_rate else "not measured: the index was reused (--reuse-index)",
         verdict("index_docs_per_s", index_rate) if index_rate else ""),
        *([("index incl. analysis (1 / (1/a + 1/b))", f"{with_analysis:,.0f} docs/s",
            verdict("index_docs_per_s", with_analysis))] if with_analysis else []),
        *_ingest_rows(r),
        ("search ES p50/p95/p99", f"{s['es_ms']['p50']:.1f} / {s['es_ms']['p95']:.1f} / {s['es_ms']['p99']:.1f} ms",
         verdict("search_p95_ms", s["es_ms"]["p95"])),
        ("search PostgreSQL FTS p50/p95/p99",
         f"{s['pg_ms']['p50']:.1f} / {s['pg_ms']['p95']:.1f} / {s['pg_ms']['p99']:.1f} ms", ""),
        ("search ES query only (no facets) p50/p95",
         f"{s['es_query_only_ms']['p50']:.1f} / {s['es_query_only_ms']['p95']:.1f} ms (ES took p95 "
         f"{s['es_took_ms']['p95']:.0f} ms)", verdict("search_p95_ms", s["es_query_only_ms"]["p95"])),
        ("ES speed-up vs PostgreSQL (p95)", f"{s['speedup_p95']:.1f}×",
         verdict("search_speedup_vs_pg", s["speedup_p95"])),
        ("themes (1 year, 1 field) p95", f"{r['themes']['p95_ms']:.1f} ms",
         verdict("themes_p95_ms", r["themes"]["p95_ms"])),
        ("filing → searchable lag p50/p95", f"{r['lag']['p50_s']:.2f} / {r['lag']['p95_s']:.2f} s",
         verdict("lag_p95_s", r["lag"]["p95_s"])),
    ]  # fmt: skip
    clients = r["pages"]["users"]
    for name in PAGES:
        p = pages.get(name)
        if p:
            rows.append((f"page {name} p95 ({clients} clients)", f"{p['p95_ms']:.0f} ms, {p['rps']:.1f} req/s",
                         verdict("pages_p95_ms", p["p95_ms"])))  # fmt: skip
    if agg:
        rows.append((f"all pages ({clients} clients)", f"p95 {agg['p95_ms']:.0f} ms, {agg['rps']:.1f} req/s, "
                     f"{agg['failures']} failures", verdict("pages_p95_ms", agg["p95_ms"])))  # fmt: skip
    rows.append(("SQL queries per page", ", ".join(f"{k} {v}" for k, v in r["queries_per_page"].items()), ""))
    return rows + _load_rows(r.get("load"))


def _ingest_rows(r: dict) -> list[Row]:
    i = r.get("ingest")
    if not i:
        return []
    return [
        ("analysis + embedding of new text (2 cores)",
         f"{i['docs_per_s']:,.0f} docs/s (analysis {i['analysis_docs_per_s']:,.0f}/s, "
         f"embedding {i['embedding_docs_per_s']:,.0f}/s, masking {i['docs'] / max(i['mask_s'], 1e-9):,.0f}/s)",
         verdict("ingest_docs_per_s", i["docs_per_s"])),
    ]  # fmt: skip


def _load_rows(load: dict | None) -> list[Row]:
    """Open loop, peak ratio and worker memory (bench/measure_load.py)."""
    if not load:
        return []
    rows: list[Row] = []
    o = load["open_loop"]
    overall, gen = o["overall"], o["generator"]
    rows.append((f"all pages, open loop {o['rate']:g} req/s for {o['seconds']:g} s",
                 f"p95 {overall['p95_ms']:,.0f} ms, p99 {overall['p99_ms']:,.0f} ms, {overall['errors']} errors "
                 f"of {overall['requests']} (generator late by ≤ {gen['schedule_lag_max_ms']:.0f} ms)",
                 f"{verdict('pages_p95_ms', overall['p95_ms'])}; "
                 f"errors {verdict('open_loop_errors', overall['errors'])}"))  # fmt: skip
    for name, p in o["pages"].items():
        rows.append((f"page {name}, open loop", f"p95 {p['p95_ms']:,.0f} ms, {p['errors']} errors of {p['requests']}",
                     verdict("pages_p95_ms", p["p95_ms"])))  # fmt: skip
    peak = load["peak"]
    rows.append(("trivial Django view, peak", f"{peak['trivial']['rps']:,.0f} req/s ({peak['clients']} clients)", ""))
    for name, p in peak["pages"].items():
        rows.append((f"page {name}, peak ÷ trivial", f"{p['rps']:,.1f} req/s = {p['ratio']:.2f}",
                     verdict("peak_ratio", p["ratio"])))  # fmt: skip
    for when in ("rss_idle", "rss_after"):
        m = load.get(when)
        if m:
            models = sum(1 for w in m["workers"] if w.get("embedding_model"))
            label = "before any HQ search" if when == "rss_idle" else "after the load"
            rows.append((f"web workers' memory (RSS), {label}",
                         f"{m['workers_rss_mib_total']:,.0f} MiB in {len(m['workers'])} workers "
                         f"(master {m['master_rss_mib']:,.0f} MiB); embedding model in {models}",
                         "report"))  # fmt: skip
    return rows


def table_text(rows: list[Row]) -> str:
    w0 = max(len(a) for a, _, _ in rows)
    w1 = max(len(b) for _, b, _ in rows)
    lines = [f"{'measure'.ljust(w0)} | {'result'.ljust(w1)} | target at 1M", "-" * (w0 + w1 + 20)]
    lines += [f"{a.ljust(w0)} | {b.ljust(w1)} | {c}" for a, b, c in rows]
    return "\n".join(lines)


def write_json(r: dict, stamp: str) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{stamp}.json"
    path.write_text(json.dumps(r, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def figures_block(r: dict, rows: list[Row], json_path: Path) -> str:
    m = r["machine"]
    table = "\n".join(["| measure | result | target (at 1,000,000) |", "|---|---|---|"]
                      + [f"| {a} | {b} | {c} |" for a, b, c in rows])  # fmt: skip
    return (
        f"<!-- bench:figures:start (written by bench/run.py; edit the text outside these markers) -->\n"
        f"Latest run: {r['started']} UTC, **{r['size']:,} suggestions**, "
        f"machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, Python {m['python']}, "
        f"load average at start {m['load_avg_1_5_15'][0]} / at end {r['load_avg_at_end'][0]}, "
        f"Elasticsearch 8.19 (512 MB heap), PostgreSQL, Redis — all on this one machine, shared with "
        f"the other services. Raw figures: `{json_path.relative_to(ROOT)}`.\n\n{table}\n"
        f"<!-- bench:figures:end -->"
    )


def write_doc(r: dict, rows: list[Row], json_path: Path, doc: Path = DOC) -> None:
    """Replace the generated block of docs/benchmarks.md; the text around it is written by hand."""
    text = (
        doc.read_text(encoding="utf-8")
        if doc.exists()
        else "# Benchmarks\n\n<!-- bench:figures:start -->\n<!-- bench:figures:end -->\n"
    )
    block = figures_block(r, rows, json_path)
    doc.write_text(FIGURES.sub(lambda _: block, text), encoding="utf-8")
