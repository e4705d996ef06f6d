"""Korean text analysis in Python (kiwipiepy), so the index needs nothing beyond Elasticsearch core.

Documents and queries go through the same `analyze()`: Kiwi splits text into morphemes, we keep
the content words (nouns, verb/adjective stems, roots, foreign words lowercased, numbers) and
join them with spaces, so the standard analyzer only has to split on whitespace. 가로등이,
가로등을 and 가로등 all become `가로등`. Consecutive nouns written together are also kept as one
compound next to their parts (어린이보호구역 → 어린이보호구역, 어린이, 보호, 구역).

One Kiwi instance per process, created lazily on first use under a lock (loading the model takes
a few seconds and ~100 MB; web workers that never analyse never pay for it).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

# Bump when the output of analyze() changes: stored analyses with another version are redone.
ANALYSIS_VERSION = 1

_kiwi = None
_kiwi_lock = threading.Lock()

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


def get_kiwi():
    """The process's Kiwi instance (thread-safe lazy init; double-checked locking)."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def _normalize(text: str) -> str:
    # NFKC folds full-width letters/digits (ＣＣＴＶ → CCTV) and compatibility jamo.
    return unicodedata.normalize("NFKC", text or "")


def _tokens(text: str) -> tuple[list[str], list[str], list[str]]:
    """(morphemes incl. compounds for full-text, nouns incl. compounds for keywords, compounds)."""
    text = _normalize(text).strip()
    if not text:
        return [], [], []
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

    for token in get_kiwi().tokenize(text):
        tag = token.tag.split("-")[0]  # VV-R, VA-I (regular/irregular) → VV, VA
        form = token.form
        if not _WORDLIKE.search(form):  # ㅠㅠ, ㅋㅋ and other bare jamo
            flush_run()
            continue
        end = token.start + token.len
        if tag in NOUN_TAGS:
            morphs.append(form)
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


QUERY_CACHE_MAX_CHARS = 200  # queries and synonym terms; longer texts (similar-to-text) are not cached


@lru_cache(maxsize=4096)
def _query_tokens(q: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """_tokens() of a short query, memoized per process (the analysis is a pure function of the
    text: one search page analyses its query and synonym terms several times)."""
    morphs, nouns, compounds = _tokens(q)
    return tuple(morphs), tuple(nouns), tuple(compounds)


def analyze_query(q: str) -> dict[str, Any]:
    """Queries go through exactly the same code as documents; `base` lists the morphemes without
    the compounds (so a query's term count is not inflated by them), `compounds` the compounds."""
    if len(q or "") <= QUERY_CACHE_MAX_CHARS:
        morphs, nouns, compounds = (list(t) for t in _query_tokens(q or ""))
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
