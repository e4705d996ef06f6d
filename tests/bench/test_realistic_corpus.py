"""The realistic benchmark corpus (bench/realistic.py) and the batch analysis its loader uses."""

from __future__ import annotations

import re

import pytest

from bench.realistic import Dong, generate

DONGS = [Dong("마포구", "아현동", 37.5547, 126.9558), Dong("송파구", "잠실동", 37.5083, 127.0838)]


def test_same_seed_same_rows_and_other_seed_other_rows():
    a = [r.title + r.body for r in generate(50, seed=7, dongs=DONGS, proper_nouns=3000)]
    assert a == [r.title + r.body for r in generate(50, seed=7, dongs=DONGS, proper_nouns=3000)]
    assert a != [r.title + r.body for r in generate(50, seed=8, dongs=DONGS, proper_nouns=3000)]


def test_rows_look_like_postings():
    rows = list(generate(2000, seed=3, dongs=DONGS, proper_nouns=3000))
    titles = [len(r.title) for r in rows]
    bodies = sorted(len(re.sub("<[^>]+>", "", r.body)) for r in rows)
    assert min(titles) >= 10 and max(titles) <= 40
    assert bodies[0] >= 80 and 150 <= bodies[len(bodies) // 2] <= 400  # median of a real posting
    assert bodies[-1] > 600  # a long tail
    reports = [r for r in rows if r.kind == "field_report"]
    assert 0.25 < len(reports) / len(rows) < 0.45
    assert all(r.time_band for r in reports) and any(r.lat is None for r in reports)  # address only
    assert {r.created_at.year for r in rows} == {2024, 2025, 2026}
    assert {r.district for r in rows} == {"마포구", "송파구"}


def test_vocabulary_keeps_growing_with_size():
    """Zipf-like: distinct words grow with the corpus instead of stopping at a few hundred."""

    def words(n: int) -> int:
        return len(
            {w for r in generate(n, seed=5, dongs=DONGS, proper_nouns=3000) for w in (r.title + " " + r.body).split()}
        )

    small, large = words(500), words(4000)
    assert small > 1000 and large > 2.5 * small


@pytest.mark.django_db
def test_batch_analysis_equals_one_by_one():
    from search.analysis import analyze, analyze_many

    texts = [r.title + "\n" + r.body for r in generate(40, seed=11, dongs=DONGS, proper_nouns=3000)]
    texts += ["", "   ", "전동킥보드가 인도로 다녀요", "ＣＣＴＶ 고장"]
    assert analyze_many(texts) == [analyze(t) for t in texts]
