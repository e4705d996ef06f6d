"""Step 1: the benchmark corpus in the bench database, kept between runs.

Two corpora: `realistic` (bench/realistic.py: real places, a Zipf vocabulary of tens of thousands
of morphemes) and `simple` (bench/corpus.py: a few hundred words, the figures before issue 15).
Rows are stored as filing stores them, analysis included, through search's own builders
(`search.stored_analysis`), so the rebuild measured next reuses the analyses instead of
recomputing them.

The realistic corpus is prepared in chunks by PROCESSES worker processes (generation, PII masking,
analysis, places) while this process embeds and inserts:
- analysis: each distinct word (eojeol) is analysed once, in batches on Kiwi's own threads
  (`search.analysis.analyze_many`), and a text's analysis is the concatenation of its words'
  (`analyze_by_words`). Kiwi's contextual model costs ~4 ms of CPU per posting, so analysing all
  1,000,000 whole texts would take ~70 minutes of both cores; words repeat, so this takes minutes.
  Words analysed alone can differ from the same words in context; the loader measures how much
  on a sample (`word_analysis_agreement`, reported with the figures). Analysis throughput on
  fresh whole texts is measured separately (step 2).
- embeddings: real for the first `real_embeddings(size)` rows and, for the rest, a real one plus
  small noise, renormalised (kNN cost depends on the graph, not on what the vectors mean; real
  embedding throughput is measured on fresh text in step 2).
Imported after django.setup() (bench/run.py).
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter, deque
from itertools import islice
from typing import Any

import numpy as np
from django.db import connection, connections, transaction

from bench import corpus, realistic
from bench.harness import log
from demo.announcements import seed_pages
from demo.partners import seed_people
from partners.models import Department, Field, PartnerGroup
from places.stations import station_for
from search import embeddings
from search.analysis import analyze, analyze_many
from search.stored_analysis import analyses_of, analysis_of, embedding_text, masked_entry, masked_texts_of
from suggestions import geo
from suggestions.models import Suggestion

BATCH = 2000  # rows per INSERT (simple corpus)
CHUNK = 5000  # rows per worker job (realistic corpus)
PROCESSES = 2
AHEAD = 2 * PROCESSES  # chunks prepared ahead of the insert
REAL_EMBEDDINGS_MAX = 20_000  # at 1,000,000 rows: 1 in 50 embedded for real
AGREEMENT_SAMPLE = 300  # rows of the first chunk analysed whole as well, to compare
STATUSES = ["received", "assigned", "under_review", "answered", "answered", "implemented"]

_word_cache: dict[str, dict[str, Any]] = {}


def analyze_by_words(text: str) -> dict[str, Any]:
    """`search.analysis.analyze` of a text approximated as the concatenated analyses of its words
    (eojeol), cached (`cache_words` fills the cache in batch). Only used to LOAD the corpus fast
    (compounds written without spaces stay inside one word, so the result is close to analysing
    the whole text); analysis throughput is measured separately on fresh whole texts."""
    morphs: list[str] = []
    nouns: list[str] = []
    for word in text.split():
        hit = _word_cache.get(word)
        if hit is None:
            hit = _word_cache[word] = analyze(word)
        if hit["morphs"]:
            morphs.append(hit["morphs"])
        nouns.extend(hit["nouns"])
    return {"morphs": " ".join(morphs), "nouns": list(dict.fromkeys(nouns))}


def cache_words(texts: list[str], workers: int = 1) -> list[dict[str, Any]]:
    """Analyse the words of `texts` not seen yet in one batch; returns the new words' analyses."""
    new = list(dict.fromkeys(w for t in texts for w in t.split() if w not in _word_cache))
    done = analyze_many(new, workers=workers) if new else []
    _word_cache.update(zip(new, done, strict=True))
    return done


def stored_analysis(title: str, body_html: str) -> dict[str, Any]:
    """The analysis a filing stores for this (unanswered) text, in search's stored format."""
    return analysis_of(masked_texts_of(title, body_html, None), analyze=analyze_by_words)


def real_embeddings(size: int) -> int:
    return min(REAL_EMBEDDINGS_MAX, max(1, size // 50))


def place_of(row: Any) -> geo.Location | None:
    """The place as filing decides it: a pin outside Seoul's boundary is dropped (filing refuses
    it) and the address / 자치구 decide instead; only field reports get a centroid."""
    is_report = row.kind == "field_report"
    where = geo.locate(district=row.district, address=row.address, lat=row.lat, lon=row.lon, centroid=is_report)
    return where or geo.locate(district=row.district, address=row.address, centroid=is_report)


def agreement(whole: list[dict[str, Any]], by_words: list[dict[str, Any]]) -> float:
    """Share of morpheme tokens the word-by-word analysis has in common with the whole-text one
    (multiset overlap ÷ the larger count, over all sampled texts)."""
    common = total = 0
    for a, b in zip(whole, by_words, strict=True):
        ca, cb = Counter(a["morphs"].split()), Counter(b["morphs"].split())
        common += sum((ca & cb).values())
        total += max(sum(ca.values()), sum(cb.values()))
    return round(common / total, 4) if total else 1.0


# --- worker processes (realistic corpus) -------------------------------------------------------

_gen: realistic.Generator | None = None


def _prepare_chunk(job: tuple[int, int, int, int]) -> dict[str, Any]:
    """In a worker: one chunk's rows with masked texts, analyses (no embedding yet) and places."""
    global _gen
    seed, chunk, first, n = job
    if _gen is None:
        _gen = realistic.Generator(seed)
    rows = list(realistic.generate_chunk(_gen, seed, chunk, n))
    texts = [masked_texts_of(r.title, r.body, None) for r in rows]
    new = cache_words([t[k] for t in texts for k in ("title", "body")])
    zero = np.zeros(embeddings.DIMS, dtype=np.float32)
    analyses = analyses_of(texts, analyze=analyze_by_words, vectors=[zero] * n)
    for r, t, a in zip(rows, texts, analyses, strict=True):
        a |= masked_entry(r.title, r.body, None, t)  # as filing stores it (indexing skips re-masking)
    places = [place_of(r) for r in rows]
    out: dict[str, Any] = {
        "first": first,
        "rows": rows,
        "analyses": analyses,
        "embedding_texts": [embedding_text(t) for t in texts],
        "places": places,
        "morphemes": {m for a in new for m in a["morphs"].split()},
    }
    if chunk == 0:
        sample = [t[k] for t in texts[:AGREEMENT_SAMPLE] for k in ("title", "body")]
        out["agreement"] = agreement(analyze_many(sample, workers=1), [analyze_by_words(t) for t in sample])
    return out


def _jobs(size: int, seed: int):
    for chunk, first in enumerate(range(0, size, CHUNK)):
        yield seed, chunk, first, min(CHUNK, size - first)


class _Vectors:
    """Embeddings for the corpus rows: real for the first `real` rows, derived after that."""

    def __init__(self, size: int, seed: int) -> None:
        self.real = real_embeddings(size)
        self.bank: list[np.ndarray] = []
        self.rng = np.random.default_rng(seed)
        self.embedded = 0

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        n_real = max(0, min(len(texts), self.real - self.embedded))
        vectors = list(embeddings.embed(texts[:n_real])) if n_real else []
        self.bank.extend(vectors)
        self.embedded += n_real
        n_derived = len(texts) - n_real
        if n_derived:
            bases = np.stack([self.bank[i] for i in self.rng.integers(len(self.bank), size=n_derived)])
            noisy = bases + self.rng.normal(0, 0.3 / np.sqrt(bases.shape[1]), bases.shape).astype(np.float32)
            vectors.extend(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
        return vectors


# --- loading -----------------------------------------------------------------------------------


def _eta(n: int, size: int, t0: float) -> str:
    elapsed = time.perf_counter() - t0
    rate = n / elapsed if elapsed else 0.0
    left = (size - n) / rate if rate else 0.0
    bar = "#" * int(30 * n / size)
    return f"  [{bar:<30}] {n:,}/{size:,} ({rate:,.0f}/s, ETA {left / 60:,.1f} min)"


class _Inserter:
    """Suggestion rows from corpus rows, as filing would store them, inserted in bulk."""

    def __init__(self, users: dict, marker: str) -> None:
        self.marker = marker
        self.fields = {f.name: f for f in Field.objects.all()}
        self.groups = list(PartnerGroup.objects.filter(is_active=True).order_by("pk"))
        self.dept_for = {n: Department.objects.filter(fields=f).order_by("pk").first() for n, f in self.fields.items()}
        membership = users["partner_member"].memberships.first()
        assert membership is not None, "seed_people puts partner_member in a group"
        self.home_group = membership.group
        self.author = users["partner_member"]
        self.stations: dict[tuple[str, str], Any] = {}

    def insert(self, first: int, rows: list, places: list, analyses: list[dict[str, Any]]) -> None:
        batch = []
        for n, (row, where, a) in enumerate(zip(rows, places, analyses, strict=True), start=first + 1):
            mine = n % 500 == 0  # partner_member authored 1 in 500 (their "my suggestions" list)
            assert where is not None  # no pin: never refused
            key = (where.district, where.dong)
            if key not in self.stations:
                self.stations[key] = station_for(*key)
            batch.append(
                Suggestion(
                    ref=self.marker if n == 1 else None,
                    kind=row.kind,
                    title=row.title,
                    body=row.body,
                    field=self.fields[row.field],
                    group=self.home_group if mine else self.groups[n % len(self.groups)],
                    author=self.author if mine else None,
                    visibility=row.visibility,
                    status=STATUSES[n % len(STATUSES)],
                    department=self.dept_for[row.field],
                    district=where.district,
                    dong=where.dong,
                    station=self.stations[key],
                    address=row.address,
                    lat=where.lat,
                    lon=where.lon,
                    location_approximate=where.approximate,
                    time_band=row.time_band,
                    risk_type=row.risk_type,
                    created_at=row.created_at,
                    analysis=a,
                )
            )
        copy_rows(batch)


def copy_rows(batch: list[Suggestion]) -> None:
    """Insert the rows with PostgreSQL's COPY, each column's value prepared as bulk_create prepares
    it (`pre_save` sets updated_at; created_at is the row's own). Django's client-side parameter
    quoting costs ~3 ms a row for these long texts; COPY streams them."""
    fields = [f for f in Suggestion._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column or f.name) for f in fields)
    with transaction.atomic(), connection.cursor() as cur:
        table = connection.ops.quote_name(Suggestion._meta.db_table)
        with cur.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in batch:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields])


def _load_simple(size: int, seed: int, inserter: _Inserter, t0: float) -> dict[str, Any]:
    rows: list = []
    for n, row in enumerate(corpus.generate(size, seed=seed), start=1):
        rows.append(row)
        if len(rows) >= BATCH or n == size:
            places = [place_of(r) for r in rows]
            analyses = [stored_analysis(r.title, r.body) for r in rows]
            inserter.insert(n - len(rows), rows, places, analyses)
            rows = []
            if n % 20000 == 0 or n == size:
                log(_eta(n, size, t0))
    return {}


def _load_realistic(size: int, seed: int, inserter: _Inserter, t0: float) -> dict[str, Any]:
    vectors = _Vectors(size, seed)
    morphemes: set[str] = set()
    extra: dict[str, Any] = {}
    connections.close_all()  # the workers are forked: none may inherit this process's connection
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        jobs = _jobs(size, seed)
        pending: deque = deque(pool.apply_async(_prepare_chunk, (job,)) for job in islice(jobs, AHEAD))
        done = 0
        while pending:
            chunk = pending.popleft().get()
            pending.extend(pool.apply_async(_prepare_chunk, (job,)) for job in islice(jobs, 1))
            for a, vector in zip(chunk["analyses"], vectors(chunk["embedding_texts"]), strict=True):
                a["embedding"]["f16"] = embeddings.encode(vector)
            inserter.insert(chunk["first"], chunk["rows"], chunk["places"], chunk["analyses"])
            morphemes |= chunk["morphemes"]
            extra.setdefault("word_analysis_agreement", chunk.get("agreement"))
            done += len(chunk["rows"])
            if done % 20000 < CHUNK or done == size:
                log(_eta(done, size, t0) + f", {len(morphemes):,} distinct morphemes")
    log(f"  {len(morphemes):,} distinct morphemes; {vectors.embedded:,} real embeddings")
    log(f"  word-by-word analysis agrees with whole-text analysis on {extra['word_analysis_agreement']:.1%} of tokens")
    return extra | {"distinct_morphemes": len(morphemes), "real_embeddings": vectors.embedded}


def load_corpus(size: int, seed: int, kind: str = "realistic") -> dict:
    users = seed_people()
    seed_pages()
    marker = f"bench:{kind}:{size}:{seed}:w2"
    # The corpus rows are pks 1..size (TRUNCATE … RESTART IDENTITY); rows above are an earlier run's
    # lag filings (step 6), dropped so the corpus can be reused.
    existing = Suggestion.objects.filter(pk__lte=size).count()
    if existing == size and Suggestion.objects.filter(ref=marker).exists():
        Suggestion.objects.filter(pk__gt=size).delete()
        log(f"{kind} corpus of {size:,} already loaded (seed {seed}); reusing it")
        return {"kind": kind, "generated": False, "seconds": 0.0}
    log(f"loading {size:,} {kind} suggestions (seed {seed}) …")
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("TRUNCATE suggestions_suggestion RESTART IDENTITY CASCADE")
        cur.execute("TRUNCATE core_outboxmessage, core_auditlog")
    inserter = _Inserter(users, marker)
    load = _load_realistic if kind == "realistic" else _load_simple
    extra = load(size, seed, inserter, t0)
    with connection.cursor() as cur:
        cur.execute("ANALYZE suggestions_suggestion")
    seconds = time.perf_counter() - t0
    log(f"corpus loaded in {seconds:,.0f}s ({size / seconds:,.0f} rows/s)")
    done = {"kind": kind, "generated": True, "seconds": round(seconds, 1), "rows_per_s": round(size / seconds, 1)}
    return done | extra
