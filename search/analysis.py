"""Korean text analysis in Python (kiwipiepy), so the index needs nothing beyond Elasticsearch core.

Documents and queries go through the same `analyze()`: Kiwi splits text into morphemes, we keep
the content words (nouns, verb/adjective stems, roots, foreign words lowercased, numbers) and
join them with spaces, so the standard analyzer only has to split on whitespace. 가로등이,
가로등을 and 가로등 all become `가로등`. Consecutive nouns written together are also kept as one
compound next to their parts (어린이보호구역 → 어린이보호구역, 어린이, 보호, 구역).

One Kiwi instance per process, created lazily on first use under a lock (loading the model takes
a few seconds and ~100 MB; web workers that never analyse never pay for it).

The Kiwi user dictionary (search.models.UserWord, edited by HQ) keeps police/civic compounds whole:
전동킥보드 is one noun, not 전동 + 킥 + 보드 (and never the fragment 전동킥). Its morphemes text still
carries the parts Kiwi would see without the word, so "전동 킥보드" written apart keeps matching. A
change applies to queries at once: every process compares a cheap state of the table (row count,
last change) at most every DICTIONARY_CHECK_SECONDS, and the process that saved it at once (signal),
then rebuilds its Kiwi. Documents get it on their next analysis: the stored analysis records the
dictionary fingerprint (search.stored_analysis), so any re-index or `search_rebuild` redoes them.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

# Bump when the output of analyze() changes: stored analyses with another version are redone.
ANALYSIS_VERSION = 2
DICTIONARY_CHECK_SECONDS = 1.0

NOUN_TAGS = {"NNG", "NNP"}
# Light verbs and auxiliaries that carry no topic (하다, 되다, 있다, 주다 …).
STOP_STEMS = {
    "하",
    "되",
    "있",
    "없",
    "주",
    "보",
    "않",
    "같",
    "이",
    "아니",
    "나",
    "오",
    "가",
    "드리",
    "싶",
    "받",
    "알",
    "말",
    "들",
    "좋",
    "그렇",
    "어떻",
    "이렇",
    "저렇",
    "많",
    "크",
    "모르",
    "생기",
}
# Nouns too generic for theme keywords (they stay in the searchable morpheme text).
STOP_NOUNS = {
    "때",
    "곳",
    "것",
    "점",
    "분",
    "정도",
    "부분",
    "경우",
    "생각",
    "요즘",
    "이번",
    "하루",
    "사람",
    "문제",
    "요청",
    "제안",
    "부탁",
    "말씀",
    "확인",
    "필요",
    "관련",
    "내용",
    "방법",
    "상황",
    "주변",
    "근처",
    "앞",
    "뒤",
    "옆",
    "안",
    "밖",
    "중",
    "쪽",
    "번",
    "좀",
    "일",
    "시",
    "년",
    "월",
    "개",
    "명",
    "지역",
    "주민",
    "우리",
    "저희",
    "동네",
    "시간",
    "이후",
    "최근",
    "계속",
    "오늘",
    "어제",
    "가능",
    "주의",
    "감사",
}
MAX_COMPOUND_PARTS = 5
_WORDLIKE = re.compile(r"[가-힣A-Za-z0-9\u4e00-\u9fff]")


Word = tuple[str, str, float]  # (form, tag, score)


@dataclass(frozen=True, eq=False)
class _Loaded:
    kiwi: Any
    fingerprint: str
    # user word → its noun parts as Kiwi splits it without the dictionary (전동킥보드 → 전동, 킥, 보드)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    words: tuple[Word, ...] = ()


_loaded: _Loaded | None = None
_lock = threading.Lock()
_state_key: Any = None  # the table state the loaded dictionary was read at
_checked_at = float("-inf")


def words_fingerprint(words: list[Word] | tuple[Word, ...]) -> str:
    joined = "\n".join(f"{form}\t{tag}\t{score:g}" for form, tag, score in sorted(words))
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()[:12] if words else ""


def _read_dictionary(known_key: Any) -> tuple[Any, list[Word] | None]:
    """(state key, active words); words None when the state is `known_key` (nothing changed)."""
    from django.db.models import Count, Max

    from .models import UserWord

    state = UserWord.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    key = (state["n"], state["last"], state["top"])
    if key == known_key:
        return key, None
    rows = UserWord.objects.filter(is_active=True).values_list("form", "tag", "score")
    return key, [(form, tag, float(score)) for form, tag, score in rows]


def _shipped_words() -> list[Word]:
    from .defaults import DEFAULT_USER_WORDS

    return [(form, tag, 0.0) for form, tag in DEFAULT_USER_WORDS]


def _build(words: list[Word]) -> _Loaded:
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    parts: dict[str, tuple[str, ...]] = {}
    for form, _, _ in words:  # the split without the dictionary, before any word is added
        nouns = tuple(t.form for t in kiwi.tokenize(form) if t.tag in NOUN_TAGS)
        if len(nouns) >= 2:
            parts[form] = nouns
    for form, tag, score in words:
        kiwi.add_user_word(form, tag, score)
    return _Loaded(kiwi, words_fingerprint(words), parts, tuple(words))


def _current() -> _Loaded:
    """The loaded Kiwi and dictionary, rebuilt when the dictionary table changed (checked at most
    every DICTIONARY_CHECK_SECONDS). When the table cannot be read (no database in this process, a
    failed transaction), the loaded dictionary stays, or the shipped one is loaded."""
    global _loaded, _state_key, _checked_at
    loaded = _loaded
    if loaded is not None and time.monotonic() - _checked_at < DICTIONARY_CHECK_SECONDS:
        return loaded
    with _lock:
        if _loaded is not None and time.monotonic() - _checked_at < DICTIONARY_CHECK_SECONDS:
            return _loaded
        try:
            key, words = _read_dictionary(_state_key)
        except Exception as exc:  # analysis must not fail because the dictionary table is unreadable
            logger.debug("search: user dictionary not read (%s)", exc)
            key, words = _state_key, (None if _loaded is not None else _shipped_words())
        if words is not None and (_loaded is None or words_fingerprint(words) != _loaded.fingerprint):
            _loaded = _build(words)
            _query_tokens.cache_clear()  # the old dictionary's entries
        _state_key, _checked_at = key, time.monotonic()
        assert _loaded is not None  # built above when nothing was loaded
        return _loaded


def forget_dictionary_check() -> None:
    """Make the next analysis re-read the dictionary state (after a change in this process)."""
    global _checked_at
    _checked_at = float("-inf")


def connect_dictionary_signals() -> None:
    """A UserWord saved or deleted in this process applies to its next analysis (SearchConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    from .models import UserWord

    for signal in (post_save, post_delete):
        signal.connect(_dictionary_changed, sender=UserWord, dispatch_uid=f"search.analysis.{signal}")


def _dictionary_changed(**kwargs) -> None:
    forget_dictionary_check()


def get_kiwi():
    """The process's Kiwi instance with the current user dictionary (thread-safe lazy init)."""
    return _current().kiwi


def dictionary_fingerprint() -> str:
    """Fingerprint of the user dictionary analyses use now ("" when empty); stored with analyses."""
    return _current().fingerprint


def _normalize(text: str) -> str:
    # NFKC folds full-width letters/digits (ＣＣＴＶ → CCTV) and compatibility jamo.
    return unicodedata.normalize("NFKC", text or "")


def _tokens(text: str, loaded: _Loaded | None = None) -> tuple[list[str], list[str], list[str]]:
    """(morphemes incl. compounds for full-text, nouns incl. compounds for keywords, compounds).
    A user-dictionary word counts as a compound of its parts: whole in all three, its parts only
    in the morphemes (so a query's base terms still match the word written apart)."""
    text = _normalize(text).strip()
    if not text:
        return [], [], []
    loaded = loaded or _current()
    return _from_kiwi(loaded.kiwi.tokenize(text), loaded)


def _from_kiwi(kiwi_tokens, loaded: _Loaded) -> tuple[list[str], list[str], list[str]]:
    compounds: list[str] = []
    morphs: list[str] = []
    nouns: list[str] = []
    run: list[tuple[str, int, int]] = []  # consecutive noun tokens: (form, start, end)

    def flush_run() -> None:
        if len(run) >= 2:
            # Compound: every contiguous span of ≥2 nouns written without a space between them.
            for i in range(len(run)):
                for j in range(i + 2, min(len(run), i + MAX_COMPOUND_PARTS) + 1):
                    span = run[i:j]
                    if all(span[k][2] == span[k + 1][1] for k in range(len(span) - 1)):
                        compound = "".join(form for form, _, _ in span)
                        morphs.append(compound)
                        nouns.append(compound)
                        compounds.append(compound)
        run.clear()

    for token in kiwi_tokens:
        tag = token.tag.split("-")[0]  # VV-R, VA-I (regular/irregular) → VV, VA
        form = token.form
        if not _WORDLIKE.search(form):  # ㅠㅠ, ㅋㅋ and other bare jamo
            flush_run()
            continue
        end = token.start + token.len
        if tag in NOUN_TAGS:
            morphs.append(form)
            parts = loaded.parts.get(form)
            if parts:
                morphs.extend(parts)
                compounds.append(form)
            if len(form) > 1 and form not in STOP_NOUNS:  # single syllables (동, 말, 술) are theme noise
                nouns.append(form)
            run.append((form, token.start, end))
            continue
        flush_run()
        if tag in {"VV", "VA", "XR"}:
            if form not in STOP_STEMS:
                morphs.append(form)
        elif tag == "SL":
            lowered = form.lower()
            morphs.append(lowered)
            if len(lowered) >= 2:
                nouns.append(lowered)
        elif tag in {"SN", "SH"}:
            morphs.append(form.lower())
    flush_run()
    return morphs, nouns, compounds


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def analyze(text: str) -> dict[str, Any]:
    """Analyse one text: {"morphs": "space joined", "nouns": [unique, in order], "version": N}."""
    morphs, nouns, _ = _tokens(text)
    return {"morphs": " ".join(morphs), "nouns": _unique(nouns), "version": ANALYSIS_VERSION}


def analyze_many(texts: list[str], workers: int = 2) -> list[dict[str, Any]]:
    """`analyze` of many texts at once, on a Kiwi of `workers` threads (bulk loads: one call per
    chunk instead of one per text; the result of each text is exactly `analyze`'s)."""
    loaded = _current()
    kiwi = _threaded_kiwi(loaded, workers)
    normalized = [_normalize(t).strip() for t in texts]
    todo = [i for i, t in enumerate(normalized) if t]
    out = [{"morphs": "", "nouns": [], "version": ANALYSIS_VERSION} for _ in texts]
    for i, tokens in zip(todo, kiwi.tokenize([normalized[i] for i in todo]), strict=True):
        morphs, nouns, _ = _from_kiwi(tokens, loaded)
        out[i] = {"morphs": " ".join(morphs), "nouns": _unique(nouns), "version": ANALYSIS_VERSION}
    return out


_threaded: dict[tuple[str, int], Any] = {}


def _threaded_kiwi(loaded: _Loaded, workers: int):
    """A Kiwi with `workers` threads and the loaded dictionary (the shared one is single-threaded,
    which suits one text per request; batch analysis wants Kiwi's own thread pool)."""
    key = (loaded.fingerprint, workers)
    if key not in _threaded:
        from kiwipiepy import Kiwi

        kiwi = Kiwi(num_workers=workers)
        for form, tag, score in loaded.words:
            kiwi.add_user_word(form, tag, score)
        _threaded.clear()
        _threaded[key] = kiwi
    return _threaded[key]


QUERY_CACHE_MAX_CHARS = 200  # queries and synonym terms; longer texts (similar-to-text) are not cached


@lru_cache(maxsize=4096)
def _query_tokens(q: str, fingerprint: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """_tokens() of a short query, memoized per process and dictionary fingerprint (the analysis is
    a pure function of both: one search page analyses its query and synonym terms several times)."""
    morphs, nouns, compounds = _tokens(q)
    return tuple(morphs), tuple(nouns), tuple(compounds)


def analyze_query(q: str) -> dict[str, Any]:
    """Queries go through exactly the same code as documents; `base` lists the morphemes without
    the compounds (so a query's term count is not inflated by them), `compounds` the compounds."""
    if len(q or "") <= QUERY_CACHE_MAX_CHARS:
        morphs, nouns, compounds = (list(t) for t in _query_tokens(q or "", _current().fingerprint))
    else:
        morphs, nouns, compounds = _tokens(q)
    compound_set = set(compounds)
    return {
        "morphs": " ".join(morphs),
        "nouns": _unique(nouns),
        "base": _unique([m for m in morphs if m not in compound_set]),
        "compounds": _unique(compounds),
        "version": ANALYSIS_VERSION,
    }


def query_terms(q: str) -> list[str]:
    """Distinct morphemes of a query (for highlighting and synonym lookup)."""
    return _unique(analyze_query(q)["morphs"].split())
