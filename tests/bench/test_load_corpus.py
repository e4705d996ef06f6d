"""The realistic corpus loader's pieces (bench/load_corpus.py): word-level batch analysis, its
agreement measure, derived embeddings, and rows inserted with COPY as bulk_create would store them."""

from __future__ import annotations

import numpy as np
import pytest

from bench import load_corpus as lc
from bench.realistic import Dong, Generator, generate_chunk

DONGS = [Dong("마포구", "아현동", 37.5547, 126.9558), Dong("송파구", "잠실동", 37.5083, 127.0838)]


def test_agreement_counts_common_tokens():
    same = [{"morphs": "가로등 고장 나"}]
    assert lc.agreement(same, same) == 1.0
    assert lc.agreement([{"morphs": "가로등 고장 나"}], [{"morphs": "가로등 고장"}]) == pytest.approx(2 / 3, abs=1e-4)


@pytest.mark.django_db
def test_words_are_analysed_once_in_batch_and_texts_concatenate_them():
    from search.analysis import analyze

    lc._word_cache.clear()
    texts = ["골목 가로등이 고장났어요", "가로등이 또 꺼졌어요"]
    new = lc.cache_words(texts)
    assert len(new) == len({w for t in texts for w in t.split()})  # 가로등이: once
    assert lc.cache_words(texts) == []
    joined = lc.analyze_by_words(texts[0])
    assert joined["morphs"] == " ".join(analyze(w)["morphs"] for w in texts[0].split() if analyze(w)["morphs"])


def test_chunks_are_reproducible_and_independent():
    gen = Generator(42, DONGS, proper_nouns=2000)
    a = [r.title for r in generate_chunk(gen, 42, 3, 20)]
    assert [r.title for r in generate_chunk(gen, 42, 5, 20)] != a
    assert [r.title for r in generate_chunk(Generator(42, DONGS, proper_nouns=2000), 42, 3, 20)] == a


def test_derived_vectors_are_unit_length_and_near_a_real_one():
    vectors = lc._Vectors(size=1_000_000, seed=1)
    vectors.real = 0
    base = np.ones(512, dtype=np.float32) / np.sqrt(512)
    vectors.bank = [base]
    derived = np.stack(vectors(["a", "b", "c"]))
    assert np.allclose(np.linalg.norm(derived, axis=1), 1.0, atol=1e-5)
    assert (derived @ base > 0.9).all() and not np.allclose(derived[0], derived[1])


@pytest.mark.django_db
def test_copy_rows_stores_what_bulk_create_would():
    from demo.partners import seed_people
    from partners.models import Field, PartnerGroup
    from suggestions.models import Suggestion

    seed_people()
    field, group = Field.objects.first(), PartnerGroup.objects.first()

    def row(title: str) -> Suggestion:
        return Suggestion(
            title=title, body="<p>본문</p>", field=field, group=group, kind="proposal", visibility="public",
            district="마포구", created_at="2025-03-01T09:00:00+09:00", analysis={"morphs": "본문", "n": [1, 2]},
        )  # fmt: skip

    lc.copy_rows([row("COPY로 넣은 제안")])
    Suggestion.objects.bulk_create([row("bulk_create로 넣은 제안")])
    copied = Suggestion.objects.get(title="COPY로 넣은 제안")
    created = Suggestion.objects.get(title="bulk_create로 넣은 제안")
    skip = {"id", "title", "updated_at"}
    fields = [f.attname for f in Suggestion._meta.concrete_fields if f.attname not in skip]
    assert {f: getattr(copied, f) for f in fields} == {f: getattr(created, f) for f in fields}
    assert copied.updated_at is not None and copied.analysis == {"morphs": "본문", "n": [1, 2]}
