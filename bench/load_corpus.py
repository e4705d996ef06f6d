"""Step 1: the synthetic corpus (bench/corpus.py) in the bench database, kept between runs.

Rows are stored as filing stores them, analysis included, through search's own builders
(`search.stored_analysis.masked_texts_of` / `analysis_of`), so the rebuild measured next reuses
the analyses instead of recomputing them. Imported after django.setup() (bench/run.py).
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, transaction

from bench.corpus import generate
from bench.harness import log
from demo.announcements import seed_pages
from demo.partners import seed_people
from partners.models import Department, Field, PartnerGroup
from places.stations import station_for
from search.analysis import analyze
from search.stored_analysis import analysis_of, masked_texts_of
from suggestions import geo
from suggestions.models import Suggestion

BATCH = 2000
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


def load_corpus(size: int, seed: int) -> dict:
    users = seed_people()
    seed_pages()
    marker = f"bench:{size}:{seed}:w"
    # The corpus rows are pks 1..size (TRUNCATE … RESTART IDENTITY); rows above are an earlier run's
    # lag filings (step 6), dropped so the corpus can be reused.
    existing = Suggestion.objects.filter(pk__lte=size).count()
    if existing == size and Suggestion.objects.filter(ref=marker).exists():
        Suggestion.objects.filter(pk__gt=size).delete()
        log(f"corpus of {size:,} already loaded (seed {seed}); reusing it")
        return {"generated": False, "seconds": 0.0}
    log(f"loading {size:,} synthetic suggestions (seed {seed}) …")
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
    stations: dict[tuple[str, str], Any] = {}
    for n, row in enumerate(generate(size, seed=seed), start=1):
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
                analysis=stored_analysis(row.title, row.body),
            )
        )
        if len(batch) >= BATCH:
            with transaction.atomic():
                Suggestion.objects.bulk_create(batch)
            batch.clear()
            if n % 20000 == 0:
                rate = n / (time.perf_counter() - t0)
                log(f"  {n:,} rows ({rate:,.0f}/s; {len(_word_cache):,} distinct words)")
    if batch:
        Suggestion.objects.bulk_create(batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE suggestions_suggestion")
    seconds = time.perf_counter() - t0
    log(f"corpus loaded in {seconds:,.0f}s")
    return {"generated": True, "seconds": round(seconds, 1)}
