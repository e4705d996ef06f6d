"""Theme labels: the cluster's most significant keywords against the background (c-TF-IDF), as a
2–4 word phrase in the order partners write them ("보이스피싱 현금 수거책").

Never a label word: a place (the 25 자치구 and their stems, anything Kiwi tags as a proper noun —
in these texts that is 동/역/시장/공원 names), a partner group's name (its compounds and organisation
words, read from the database by `group_terms()`), or a generic word (GENERIC below). The checks
are pure functions of the term, so clustering and the evaluation can filter with the same rules.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from suggestions.districts import SEOUL_DISTRICTS

from .analysis import analyze, dictionary_fingerprint, get_kiwi

# Words that fit every proposal, so they name no topic (curated; extend when a label reads badly).
GENERIC = frozenset(
    """
    요청 건의 계획 대응 일대 문제 주민 개선 부탁 경찰 신고 제안 조치 검토 필요 방안 대책 관련 확인 현장
    설치 강화 추가 마련 지원 운영 관리 안내 홍보 협조 점검 단속 예방 안전 위험 불안 걱정 피해 사고
    우려 민원 답변 처리 문의 사항 내용 경우 상황 정도 부분 생각 사람 시민 주민들 이용 이용자 발생 증가
    지역 동네 근처 주변 인근 일대 장소 곳곳 시간 저녁 아침 오후 오전 새벽 낮 밤 매일 주말 평일 최근
    요즘 오늘 어제 지난 이번 다음 작년 올해 당시 계속 자주 항상 가끔 하루 이후 이전 때문 정말 너무
    서울 서울시 구청 경찰서 지구대 파출소 경찰관 순경 담당 부서 센터 기관 정부 시청 주민센터
    사업 정책 제도 방법 방식 기준 규정 시설 공간 환경 문화 분위기 상태 수준 효과 결과 목적 대상
    부모 학부모 아이 아이들 엄마 회원 모임 단체 활동 참여 협의 의견 제보 사진 영상 기사 뉴스
    얘기 사이 자체 사례 적용 제작 요령 건물 여러 모두 대부분 직접 바로 조금 이유 의심 부족 가능성
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# Organisation words: a label naming who wrote, not what about.
ORG_SUFFIXES = ("회의", "협의회", "위원회", "연합회", "방범대", "지킴이단", "총학생회", "상인회", "맘카페", "연대")
PLACE_SUFFIXES = ("역", "동", "시장", "구", "로", "길", "공원", "사거리", "삼거리", "아파트", "단지")
NAMED_PLACE_SUFFIXES = ("시장", "역", "사거리", "삼거리", "오거리", "공원", "아파트", "초등학교", "중학교", "고등학교")
DISTRICT_WORDS = frozenset(SEOUL_DISTRICTS) | frozenset(d[:-1] for d in SEOUL_DISTRICTS if len(d) > 2)
MAX_LABEL_WORDS = 4
MIN_LABEL_WORDS = 2


def is_place(term: str) -> bool:
    """A 자치구, or a term with a proper noun in it (잠실역, 대림동, 망원시장, 수유역사거리, 한강공원).
    The HQ user dictionary's words (보이스피싱, 딥페이크 …) are topics even where tagged NNP."""
    return _is_place(term, dictionary_fingerprint())


@lru_cache(maxsize=20000)
def _is_place(term: str, fingerprint: str) -> bool:
    if term in DISTRICT_WORDS or any(d in term for d in SEOUL_DISTRICTS if len(d) > 2):
        return True
    own = _user_words(fingerprint)
    if term in own:
        return False
    if any(t.tag == "NNP" and t.form not in own for t in get_kiwi().tokenize(term)):
        return True
    # 수유 + 동 written as one word that Kiwi does not know: a district stem plus a place suffix;
    # a compound naming one market, station, crossing or park (대림중앙시장, 수유역사거리).
    if any(term.endswith(s) and term[: -len(s)] in DISTRICT_WORDS for s in PLACE_SUFFIXES):
        return True
    return any(term.endswith(s) and len(term) - len(s) >= 2 for s in NAMED_PLACE_SUFFIXES)


@lru_cache(maxsize=8)
def _user_words(fingerprint: str) -> frozenset[str]:
    """The user dictionary's forms (the fingerprint keys the cache to the dictionary in use)."""
    from .defaults import DEFAULT_USER_WORDS
    from .models import UserWord

    shipped = {form for form, _tag in DEFAULT_USER_WORDS}
    try:
        return frozenset(shipped | set(UserWord.objects.filter(is_active=True).values_list("form", flat=True)))
    except Exception:  # no database here (the evaluation): the shipped words
        return frozenset(shipped)


def group_terms(names: Iterable[str] | None = None) -> frozenset[str]:
    """The partner groups' names and the compounds Kiwi makes of them (모범운전자회, 녹색어머니연합회),
    but not their everyday parts (운전자, 청소년 stay usable as topic words)."""
    if names is None:
        from partners.models import PartnerGroup

        names = PartnerGroup.objects.values_list("name", flat=True)
    out: set[str] = set()
    for name in names:
        out.add(name.replace(" ", ""))
        for word in name.split():
            out.add(word)
        parts = set(analyze(name)["nouns"])
        simple = {p for p in parts if not any(p != q and q in p for q in parts)}
        out |= parts - simple  # compounds only
    return frozenset(out)


def is_noise(term: str, groups: frozenset[str] = frozenset()) -> bool:
    """True for a term that must never be (part of) a theme label."""
    if len(term) < 2 or term.isdigit() or term in GENERIC or term in groups:
        return True
    if term.endswith(ORG_SUFFIXES):
        return True
    return is_place(term)


def cluster_terms(terms: Iterable[str], groups: frozenset[str] = frozenset()) -> list[str]:
    """The keywords clustering compares: without places and group names (two proposals from one
    neighbourhood or one group are not one theme); generic words stay (TF-IDF weighs them down)."""
    return [t for t in terms if not (t in groups or is_place(t))]


def significant_terms(
    docs: Sequence[Sequence[str]],
    background_df: Counter,
    background_n: int,
    keep: Callable[[str], bool],
    size: int = 8,
    min_share: float = 0.25,
) -> list[tuple[str, float, float]]:
    """(term, score, share) for the cluster's keywords: c-TF-IDF = share of the cluster's proposals
        with the term × log(1 + N / background document frequency). A term must be in at least 2 and
        in `min_share` of the proposals, so one talkative proposal cannot name the theme (min_share=0:
    any term, the fallback for a small theme whose proposals share no clean term)."""
    n = len(docs)
    df = Counter(t for doc in docs for t in set(doc))
    floor = max(2, math.ceil(min_share * n)) if n >= 2 and min_share > 0 else 1
    scored = []
    for term, count in df.items():
        if count < floor or not keep(term):
            continue
        share = count / n
        idf = math.log(1 + background_n / max(background_df.get(term, 0), count))
        scored.append((term, share * idf, share))
    scored.sort(key=lambda x: (-x[1], x[0]))
    return _whole_compounds(scored)[:size]


def _whole_compounds(scored: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """Keep compounds whole: a compound replaces its parts when most proposals that use the part use
    the compound (어린이보호구역 over 어린이, 보호, 구역); a part stays when the compound is rare."""
    by_term = {t: (t, s, share) for t, s, share in scored}
    out: list[tuple[str, float, float]] = []
    dropped: set[str] = set()
    for term, score, share in scored:
        if term in dropped:
            continue
        # A longer compound containing this term, nearly as common → use the compound instead.
        compound = max(
            (c for c in by_term if c != term and term in c and by_term[c][2] >= 0.6 * share and c not in dropped),
            key=len,
            default=None,
        )
        chosen = by_term[compound] if compound else (term, score, share)
        if any(chosen[0] in t for t, _, _ in out):
            continue
        out = [x for x in out if x[0] not in chosen[0]]
        dropped |= {p for p in by_term if p != chosen[0] and p in chosen[0]}
        if chosen[0] != term:
            dropped.add(term)
        out.append(chosen)
    return out


def label_phrase(terms: Sequence[str], docs: Sequence[Sequence[str]]) -> str:
    """2–4 of the top terms, ordered as they appear in the proposals (mean first position of each
    term in the proposals' keyword lists, which follow the text: title first)."""
    chosen = list(terms[:MAX_LABEL_WORDS])
    if len(chosen) > MIN_LABEL_WORDS + 1:
        chosen = chosen[: MIN_LABEL_WORDS + 1]  # 3 reads as a topic; a 4th only when all are compounds
        if all(len(t) >= 4 for t in terms[:MAX_LABEL_WORDS]):
            chosen = list(terms[:MAX_LABEL_WORDS])

    def position(term: str) -> float:
        ranks = [doc.index(term) / max(len(doc), 1) for doc in docs if term in doc]
        return sum(ranks) / len(ranks) if ranks else 1.0

    return " ".join(sorted(chosen, key=position))
