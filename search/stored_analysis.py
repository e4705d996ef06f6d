"""The Korean analysis stored with each suggestion (`Suggestion.analysis`).

Analysis (search.analysis) and the sentence embedding (search.embeddings) are the expensive part
of indexing, so they run once per text: the result is stored with the versions and hashes of the
PII-masked texts it was computed from, and indexing and rebuilds reuse it until the masked texts,
ANALYSIS_VERSION or EMBEDDING_VERSION change. The embedding is of the masked title + body only (an
answer being published does not redo it), stored as {"version", "hash", "f16": base64 float16}.
Bulk paths (`ensure_analyses`) embed a whole chunk in one batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from suggestions import text as text_module
from suggestions.models import Answer, Suggestion
from suggestions.text import html_to_text, mask_pii

from . import analysis, embeddings

TEXT_KEYS = ("title", "body", "answer")

Analyze = Callable[[str], dict[str, Any]]


def published_answer(suggestion: Suggestion) -> Answer | None:
    """The published answer shown (highest version); prefetched as `published_answers` in bulk."""
    answers = getattr(suggestion, "published_answers", None)
    if answers is None:
        answers = list(suggestion.answers.filter(state=Answer.State.PUBLISHED).order_by("-version", "-id"))
    return answers[0] if answers else None


# Masking (nh3 and the PII rules) is the costly part of building a document, so the masked texts
# are stored with the analysis ("masked") under a hash of the raw texts and of the masking code
# itself ("raw"): an edited text, a new answer or a change to suggestions/text.py re-masks.
MASKING_VERSION = hashlib.sha1(Path(text_module.__file__).read_bytes(), usedforsecurity=False).hexdigest()[:12]


def raw_hash(title: str, body_html: str, answer_html: str | None) -> str:
    answer = "\x00" if answer_html is None else answer_html
    joined = "\x1f".join((MASKING_VERSION, title or "", body_html or "", answer))
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()


def _raw_of(suggestion: Suggestion) -> tuple[str, str, str | None]:
    answer = published_answer(suggestion)
    return suggestion.title, suggestion.body, answer.body if answer else None


def _stored_masked(suggestion: Suggestion) -> dict[str, str] | None:
    """The stored masked texts when they were masked from these raw texts by this code, else None."""
    stored = suggestion.analysis or {}
    masked = stored.get("masked")
    if masked and stored.get("raw") == raw_hash(*_raw_of(suggestion)) and all(k in masked for k in TEXT_KEYS):
        return {k: masked[k] for k in TEXT_KEYS}
    return None


def masked_texts(suggestion: Suggestion) -> dict[str, str]:
    """The suggestion's user-written text as plain, PII-masked strings (what the index may hold);
    the stored ones when they were masked from the same raw texts by the same code."""
    return _stored_masked(suggestion) or masked_texts_of(*_raw_of(suggestion))


def masked_entry(title: str, body_html: str, answer_html: str | None, texts: dict[str, str]) -> dict[str, Any]:
    """The stored-analysis keys that let masked_texts() skip masking these raw texts again."""
    return {"raw": raw_hash(title, body_html, answer_html), "masked": {k: texts[k] for k in TEXT_KEYS}}


def masked_texts_of(title: str, body_html: str, answer_html: str | None) -> dict[str, str]:
    return {
        "title": mask_pii(title),  # plain text (escaped when shown)
        "body": mask_pii(html_to_text(body_html)),
        "answer": mask_pii(html_to_text(answer_html)) if answer_html is not None else "",
    }


def text_hash(texts: dict[str, str]) -> str:
    joined = "\x1f".join(texts[k] for k in TEXT_KEYS)
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()


def embedding_text(texts: dict[str, str]) -> str:
    return f"{texts['title']}\n{texts['body']}".strip()


def _embedding_hash(texts: dict[str, str]) -> str:
    return hashlib.sha1(embedding_text(texts).encode(), usedforsecurity=False).hexdigest()


def _morphs_current(stored: dict | None, texts: dict[str, str]) -> bool:
    return bool(
        stored
        and stored.get("version") == analysis.ANALYSIS_VERSION
        and stored.get("dictionary", "") == analysis.dictionary_fingerprint()  # the user dictionary it used
        and stored.get("hash") == text_hash(texts)
        and all(k in stored for k in TEXT_KEYS)
    )


def _embedding_current(stored: dict | None, texts: dict[str, str]) -> bool:
    emb = (stored or {}).get("embedding") or {}
    return emb.get("version") == embeddings.EMBEDDING_VERSION and emb.get("hash") == _embedding_hash(texts)


def analysis_is_current(stored: dict | None, texts: dict[str, str]) -> bool:
    return _morphs_current(stored, texts) and _embedding_current(stored, texts)


def _embedding_entry(texts: dict[str, str], vector) -> dict[str, str]:
    return {
        "version": embeddings.EMBEDDING_VERSION,
        "hash": _embedding_hash(texts),
        "f16": embeddings.encode(vector),
    }


def analysis_of(texts: dict[str, str], analyze: Analyze = analysis.analyze, vector=None) -> dict[str, Any]:
    """The stored format for these masked texts (`analyze` may be swapped, e.g. a cached one in bench;
    `vector`: the embedding when the caller computed it in a batch)."""
    return analyses_of([texts], analyze, None if vector is None else [vector])[0]


def analyses_of(
    texts_list: list[dict[str, str]],
    analyze: Analyze = analysis.analyze,
    vectors=None,
    previous: list[dict | None] | None = None,
) -> list[dict[str, Any]]:
    """analysis_of() for many texts, the embeddings computed in batches. With `previous` (the stored
    analyses), a current part (morphemes or embedding) is kept instead of recomputed."""
    previous = previous or [None] * len(texts_list)
    results: list[dict[str, Any]] = []
    to_embed: list[int] = []
    for n, (texts, old) in enumerate(zip(texts_list, previous, strict=True)):
        if old and _morphs_current(old, texts):
            result = {k: old[k] for k in ("version", "dictionary", "hash", *TEXT_KEYS) if k in old}
        else:
            result = {
                "version": analysis.ANALYSIS_VERSION,
                "dictionary": analysis.dictionary_fingerprint(),
                "hash": text_hash(texts),
            }
            for key in TEXT_KEYS:
                a = analyze(texts[key])
                result[key] = {"morphs": a["morphs"], "nouns": a["nouns"]}
        if old and _embedding_current(old, texts):
            result["embedding"] = old["embedding"]
        elif vectors is not None:
            result["embedding"] = _embedding_entry(texts, vectors[n])
        else:
            to_embed.append(n)
        results.append(result)
    if to_embed:
        computed = embeddings.embed([embedding_text(texts_list[n]) for n in to_embed])
        for n, vector in zip(to_embed, computed, strict=True):
            results[n]["embedding"] = _embedding_entry(texts_list[n], vector)
    return results


def stored_vector(stored: dict | None) -> list[float] | None:
    """The stored embedding as the list the index takes (None when absent or all zeros)."""
    emb = (stored or {}).get("embedding") or {}
    if not emb.get("f16"):
        return None
    vector = embeddings.decode(emb["f16"])
    if embeddings.is_zero(vector):
        return None
    # Rounded in numpy (a Python round() per component cost more than the rest of a document).
    return np.round(np.asarray(vector, dtype=np.float64), 5).tolist()


def ensure_analysis(
    suggestion: Suggestion, texts: dict[str, str] | None = None, pending: list | None = None
) -> dict[str, Any]:
    """The stored analysis, computed (and saved without touching updated_at) only when it is not
    current. With `pending`, saves are collected as (pk, analysis) for one bulk update."""
    kept = _stored_masked(suggestion)
    texts = texts or kept or masked_texts_of(*_raw_of(suggestion))
    current = analysis_is_current(suggestion.analysis, texts)
    if current and kept is not None:
        return suggestion.analysis
    result = dict(suggestion.analysis) if current else analyses_of([texts], previous=[suggestion.analysis])[0]
    result |= masked_entry(*_raw_of(suggestion), texts)
    if pending is not None:
        pending.append((suggestion.pk, result))
    else:
        Suggestion.objects.filter(pk=suggestion.pk).update(analysis=result)  # no auto_now bump
    suggestion.analysis = result
    return result


def ensure_analyses(suggestions: list[Suggestion], pending: list) -> list[dict[str, str]]:
    """ensure_analysis() for a chunk, the stale ones analysed and embedded in one batch; saves are
    collected in `pending` (save_pending). Returns each suggestion's masked texts (masking is the
    costly part of building a document: the caller passes them on instead of masking again)."""
    kept = [_stored_masked(s) for s in suggestions]
    all_texts = [m or masked_texts_of(*_raw_of(s)) for s, m in zip(suggestions, kept, strict=True)]
    stale = [i for i, s in enumerate(suggestions) if not analysis_is_current(s.analysis, all_texts[i])]
    if stale:
        results = analyses_of([all_texts[i] for i in stale], previous=[suggestions[i].analysis for i in stale])
        for i, result in zip(stale, results, strict=True):
            suggestions[i].analysis = result
    recomputed = set(stale)
    for i, (suggestion, texts) in enumerate(zip(suggestions, all_texts, strict=True)):
        # A recomputed analysis has no "masked" yet, nor has one stored before it existed.
        if i in recomputed or kept[i] is None:
            suggestion.analysis = {**suggestion.analysis, **masked_entry(*_raw_of(suggestion), texts)}
            pending.append((suggestion.pk, suggestion.analysis))
    return all_texts


def save_pending(pending: list) -> None:
    """One UPDATE for the analyses computed while building a chunk (no auto_now bump)."""
    if pending:
        Suggestion.objects.bulk_update([Suggestion(pk=pk, analysis=a) for pk, a in pending], ["analysis"])
        pending.clear()
