"""The Korean analysis stored with each suggestion (`Suggestion.analysis`).

Analysis (search.analysis) is the expensive part of indexing, so it runs once per text: the result
is stored with the version and one hash of the PII-masked texts it was computed from, and indexing
and rebuilds reuse it until the masked texts or ANALYSIS_VERSION change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from suggestions.models import Answer, Suggestion
from suggestions.text import html_to_text, mask_pii

from . import analysis

TEXT_KEYS = ("title", "body", "answer")

Analyze = Callable[[str], dict[str, Any]]


def published_answer(suggestion: Suggestion) -> Answer | None:
    """The published answer shown (highest version); prefetched as `published_answers` in bulk."""
    answers = getattr(suggestion, "published_answers", None)
    if answers is None:
        answers = list(suggestion.answers.filter(state=Answer.State.PUBLISHED).order_by("-version", "-id"))
    return answers[0] if answers else None


def masked_texts(suggestion: Suggestion) -> dict[str, str]:
    """The suggestion's user-written text as plain, PII-masked strings (what the index may hold)."""
    answer = published_answer(suggestion)
    return masked_texts_of(suggestion.title, suggestion.body, answer.body if answer else None)


def masked_texts_of(title: str, body_html: str, answer_html: str | None) -> dict[str, str]:
    return {
        "title": mask_pii(title),  # plain text (escaped when shown)
        "body": mask_pii(html_to_text(body_html)),
        "answer": mask_pii(html_to_text(answer_html)) if answer_html is not None else "",
    }


def text_hash(texts: dict[str, str]) -> str:
    joined = "\x1f".join(texts[k] for k in TEXT_KEYS)
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()


def analysis_is_current(stored: dict | None, texts: dict[str, str]) -> bool:
    return bool(
        stored
        and stored.get("version") == analysis.ANALYSIS_VERSION
        and stored.get("hash") == text_hash(texts)
        and all(k in stored for k in TEXT_KEYS)
    )


def analysis_of(texts: dict[str, str], analyze: Analyze = analysis.analyze) -> dict[str, Any]:
    """The stored format for these masked texts (`analyze` may be swapped, e.g. a cached one in bench)."""
    result: dict[str, Any] = {"version": analysis.ANALYSIS_VERSION, "hash": text_hash(texts)}
    for key in TEXT_KEYS:
        a = analyze(texts[key])
        result[key] = {"morphs": a["morphs"], "nouns": a["nouns"]}
    return result


def ensure_analysis(
    suggestion: Suggestion, texts: dict[str, str] | None = None, pending: list | None = None
) -> dict[str, Any]:
    """The stored analysis, computed (and saved without touching updated_at) only when it is not
    current. With `pending`, saves are collected as (pk, analysis) for one bulk update."""
    texts = texts or masked_texts(suggestion)
    if analysis_is_current(suggestion.analysis, texts):
        return suggestion.analysis
    result = analysis_of(texts)
    if pending is not None:
        pending.append((suggestion.pk, result))
    else:
        Suggestion.objects.filter(pk=suggestion.pk).update(analysis=result)  # no auto_now bump
    suggestion.analysis = result
    return result


def save_pending(pending: list) -> None:
    """One UPDATE for the analyses computed while building a chunk (no auto_now bump)."""
    if pending:
        Suggestion.objects.bulk_update([Suggestion(pk=pk, analysis=a) for pk, a in pending], ["analysis"])
        pending.clear()
