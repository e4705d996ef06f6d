"""Marking the query's terms in user text: escape first, then add our own <mark> tags."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import analyze_query
from .query import synonym_expansions


def highlight_terms(q: str, synonyms: list[list[str]] | None = None) -> list[str]:
    if not q:
        return []
    terms = set(analyze_query(q)["morphs"].split())
    for expansion in synonym_expansions(q, synonyms):
        terms.add(expansion)
        terms.update(analyze_query(expansion)["morphs"].split())
    terms.update(w for w in re.split(r"\s+", q) if len(w) >= 2)
    # Single-syllable stems (늦, 밝) would mark half the text; keep words of ≥2 chars or Latin/digits.
    return sorted((t for t in terms if len(t) >= 2 or t.isascii()), key=len, reverse=True)


def _window_start(text: str, pattern: re.Pattern | None, max_chars: int) -> int:
    """Where a `max_chars` excerpt starts so that the first match sits in its first third."""
    if pattern:
        m = pattern.search(text)
        if m and m.start() > max_chars // 3:
            return m.start() - max_chars // 3
    return 0


def _pattern(terms: list[str]) -> re.Pattern | None:
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None


def highlight(text: str, terms: list[str], max_chars: int | None = None) -> SafeString:
    """Escape first, then mark: the user text is escaped segment by segment and only our own
    <mark> tags are added, so nothing the user wrote can become markup."""
    text = text or ""
    pattern = _pattern(terms)
    if max_chars and len(text) > max_chars:
        start = _window_start(text, pattern, max_chars)
        prefix = "…" if start > 0 else ""
        suffix = "…" if start + max_chars < len(text) else ""
        text = prefix + text[start : start + max_chars] + suffix
    if not pattern:
        return mark_safe(escape(text))
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def plain_snippet(text: str, terms: list[str], max_chars: int = 160) -> str:
    if len(text) <= max_chars:
        return text
    start = _window_start(text, _pattern(terms), max_chars)
    return ("…" if start else "") + text[start : start + max_chars] + "…"
