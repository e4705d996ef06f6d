"""Candidate words for the Kiwi user dictionary, from the proposals themselves (Kiwi.extract_words).

Kiwi's unsupervised word extraction scores strings that behave like words in the texts (frequent,
varied contexts on both sides). A candidate is shown to HQ only when the analyser splits it into
two or more nouns today (킥보드 → 킥 + 보드) and it is not in the dictionary yet; HQ accepts it in the
admin (search.services.accept_user_word). Nothing is ever added automatically.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .analysis import NOUN_TAGS, get_kiwi

MIN_COUNT = 3
MIN_SCORE = 0.1
MAX_WORD_LEN = 10
MAX_TEXTS = 20_000  # the most recent proposals; extraction is ~20 ms per text on one core


@dataclass(frozen=True)
class Candidate:
    form: str
    score: float
    count: int
    split: tuple[str, ...]  # how the analyser splits it now


def candidates(texts: Iterable[str], limit: int = 50) -> list[Candidate]:
    """Candidates from these (masked) texts, best first."""
    from .models import UserWord

    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return []
    kiwi = get_kiwi()
    known = set(UserWord.objects.values_list("form", flat=True))
    found = kiwi.extract_words(texts, min_cnt=MIN_COUNT, max_word_len=MAX_WORD_LEN, min_score=MIN_SCORE, pos_score=-5)
    out = []
    for form, score, count, _pos_score in found:
        if form in known:
            continue
        tokens = kiwi.tokenize(form)
        if len(tokens) < 2 or any(t.tag not in NOUN_TAGS for t in tokens):
            continue  # already one word, or not a noun compound (따라왔 = 따라오 + 았)
        out.append(Candidate(form, round(float(score), 3), int(count), tuple(t.form for t in tokens)))
    out.sort(key=lambda c: (-c.score, -c.count, c.form))
    return out[:limit]


def corpus_texts(limit: int = MAX_TEXTS) -> list[str]:
    """The masked title and body of the most recent proposals (nothing un-masked is read out)."""
    from suggestions.models import Suggestion

    from .stored_analysis import masked_texts_of

    rows = Suggestion.objects.order_by("-created_at").values_list("title", "body")[:limit]
    out = []
    for title, body in rows.iterator(chunk_size=2000):
        texts = masked_texts_of(title, body, None)
        out.append(f"{texts['title']}\n{texts['body']}")
    return out
