"""Step 1: the benchmark corpus in the bench database, kept between runs.

Two corpora: `realistic` (bench/realistic.py: real places, a Zipf vocabulary of tens of thousands
of morphemes) and `simple` (bench/corpus.py: a few hundred words, the figures before issue 15).
Rows are stored as filing stores them, analysis included, through search's own builders
(`search.stored_analysis`), so the rebuild measured next reuses the analyses instead of
recomputing them. The realistic corpus is analysed in chunks by Kiwi's own threads
(`search.analysis.analyze_many`); its sentence embeddings are real for the first REAL_EMBEDDINGS
rows and, for the rest, a real one plus small noise (kNN cost depends on the graph, not on what the
vectors mean; real embedding throughput is measured on fresh text in step 2).
Imported after django.setup() (bench/run.py).
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.db import connection, transaction

from bench import corpus, realistic
from bench.harness import log
from demo.announcements import seed_pages
from demo.partners import seed_people
from partners.models import Department, Field, PartnerGroup
from places.stations import station_for
from search import embeddings
from search.analysis import analyze, analyze_many
from search.stored_analysis import analyses_of, analysis_of, embedding_text, masked_texts_of
from suggestions import geo
from suggestions.models import Suggestion

BATCH = 2000
REAL_EMBEDDINGS_MAX = 50_000  # at 1,000,000 rows: 1 in 20 embedded for real
STATUSES = ["received", "assigned", "under_review", "answered", "answered", "implemented"]

_word_cache: dict[str, dict[str, Any]] = {}


def analyze_by_words(text: str) -> dict[str, Any]:
    """`search.analysis.analyze` of a text approximated as the concatenated analyses of its words
    (eojeol), cached: the synthetic corpus has a few thousand distinct words. Only used to LOAD the
    corpus fast (compounds written without spaces stay inside one word, so the result is close to
    analysing the whole text); analysis throughput is measured separately on fresh whole texts."""
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


def stored_analysis(title: str, body_html: str) -> dict[str, Any]:
    """The analysis a filing stores for this (unanswered) text, in search's stored format."""
    return analysis_of(masked_texts_of(title, body_html, None), analyze=analyze_by_words)


def real_embeddings(size: int) -> int:
    return min(REAL_EMBEDDINGS_MAX, max(1, size // 20))


class _Analyser:
    """Stored analyses for a chunk of realistic rows: Kiwi in batch, embeddings real for the first
    `real` rows of the corpus and derived (a real vector + noise, renormalised) after that."""

    def __init__(self, size: int, seed: int) -> None:
        self.real = real_embeddings(size)
        self.bank: list[np.ndarray] = []
        self.rng = np.random.default_rng(seed)
        self.morphemes: set[str] = set()
        self.embedded = 0

    def __call__(self, rows: list[Any]) -> list[dict[str, Any]]:
        texts = [masked_texts_of(r.title, r.body, None) for r in rows]
        flat = [t[k] for t in texts for k in ("title", "body")]
        done = dict(zip(flat, analyze_many(flat), strict=True))
        for a in done.values():
            self.morphemes.update(a["morphs"].split())
        n_real = max(0, min(len(rows), self.real - self.embedded))
        vectors = list(embeddings.embed([embedding_text(t) for t in texts[:n_real]])) if n_real else []
        self.bank.extend(vectors)
        for _ in range(len(rows) - n_real):
            base = self.bank[int(self.rng.integers(len(self.bank)))]
            noisy = base + self.rng.normal(0, 0.3 / np.sqrt(base.size), base.size).astype(np.float32)
            vectors.append(noisy / np.linalg.norm(noisy))
        self.embedded += n_real
        return analyses_of(texts, analyze=lambda t: done[t] if t in done else analyze(t), vectors=vectors)


def _eta(n: int, size: int, t0: float) -> str:
    elapsed = time.perf_counter() - t0
    rate = n / elapsed if elapsed else 0.0
    left = (size - n) / rate if rate else 0.0
    bar = "#" * int(30 * n / size)
    return f"  [{bar:<30}] {n:,}/{size:,} ({rate:,.0f}/s, ETA {left / 60:,.1f} min)"


def load_corpus(size: int, seed: int, kind: str = "realistic") -> dict:
    users = seed_people()
    seed_pages()
    marker = f"bench:{kind}:{size}:{seed}:w"
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
    fields = {f.name: f for f in Field.objects.all()}
    groups = list(PartnerGroup.objects.filter(is_active=True).order_by("pk"))
    dept_for = {name: Department.objects.filter(fields=f).order_by("pk").first() for name, f in fields.items()}
    membership = users["partner_member"].memberships.first()
    assert membership is not None, "seed_people puts partner_member in a group"
    home_group = membership.group
    batch: list[Suggestion] = []
    batch_rows: list[Any] = []
    stations: dict[tuple[str, str], Any] = {}
    analyser = _Analyser(size, seed) if kind == "realistic" else None
    rows = realistic.generate(size, seed=seed) if kind == "realistic" else corpus.generate(size, seed=seed)
    for n, row in enumerate(rows, start=1):
        mine = n % 500 == 0  # partner_member authored 1 in 500 (their "my suggestions" list)
        # The place as filing decides it: a pin outside Seoul's boundary is dropped (filing refuses it).
        is_report = row.kind == "field_report"
        where = geo.locate(district=row.district, address=row.address, lat=row.lat, lon=row.lon, centroid=is_report)
        where = where or geo.locate(district=row.district, address=row.address, centroid=is_report)
        assert where is not None  # no pin: never refused
        key = (where.district, where.dong)
        if key not in stations:
            stations[key] = station_for(*key)
        batch.append(
            Suggestion(
                ref=marker if n == 1 else None,
                kind=row.kind,
                title=row.title,
                body=row.body,
                field=fields[row.field],
                group=home_group if mine else groups[n % len(groups)],
                author=users["partner_member"] if mine else None,
                visibility=row.visibility,
                status=STATUSES[n % len(STATUSES)],
                department=dept_for[row.field],
                district=where.district,
                dong=where.dong,
                station=stations[key],
                address=row.address,
                lat=where.lat,
                lon=where.lon,
                location_approximate=where.approximate,
                time_band=row.time_band,
                risk_type=row.risk_type,
                created_at=row.created_at,
                analysis={} if analyser else stored_analysis(row.title, row.body),
            )
        )
        batch_rows.append(row)
        if len(batch) >= BATCH or n == size:
            if analyser:
                for obj, a in zip(batch, analyser(batch_rows), strict=True):
                    obj.analysis = a
            with transaction.atomic():
                Suggestion.objects.bulk_create(batch)
            batch.clear()
            batch_rows.clear()
            if n % 20000 == 0 or n == size:
                log(_eta(n, size, t0))
    with connection.cursor() as cur:
        cur.execute("ANALYZE suggestions_suggestion")
    seconds = time.perf_counter() - t0
    result: dict[str, Any] = {"kind": kind, "generated": True, "seconds": round(seconds, 1)}
    if analyser:
        result |= {"distinct_morphemes": len(analyser.morphemes), "real_embeddings": analyser.embedded}
        log(f"  {len(analyser.morphemes):,} distinct morphemes; {analyser.embedded:,} real embeddings")
    log(f"corpus loaded in {seconds:,.0f}s")
    return result
