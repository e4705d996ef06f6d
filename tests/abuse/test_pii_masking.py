"""mask_pii against personal data written every way the issue lists (#13): 1,000 generated variants
of each kind, in prose, must leave no digit and no secret behind — and ordinary prose with numbers
must stay as it is."""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from suggestions.text import mask_pii, sanitize
from tests.abuse.pii_variants import AFTERS, FILLERS, KINDS, squash

PER_KIND = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_masked(before: str, variant: tuple[str, list[str]], after: str) -> None:
    text, secrets = variant
    masked = mask_pii(f"{before}{text}{after}")
    seen = squash(masked)
    assert not re.search(r"[0-9]", seen), (text, masked)  # the prose around has no digits at all
    for secret in secrets:
        assert secret not in seen, (text, masked)
    assert masked.startswith(before) and masked.endswith(after), (text, masked)
    assert mask_pii(masked) == masked


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_thousand_variants_of_each_kind_are_masked(kind):
    @PER_KIND
    @given(before=st.sampled_from(FILLERS), variant=KINDS[kind], after=st.sampled_from(AFTERS))
    def check(before, variant, after):
        assert_masked(before, variant, after)

    check()


@pytest.mark.parametrize(
    "text",
    [
        "０１０-１２３４-５６７８",
        "+82 10 1234 5678",
        "010 . 1234 . 5678",
        "(010)1234-5678",
        "02)123-4567",
        "010_1234_5678",
        "hong [at] naver.com",
        "user@naver.com",
        "홍길동@한국.kr",
        "900101 - 1234567",
        "010-1234-<b>5678</b>",
        "12가 3456",
        "123가4567",
        "서울12가3456",
        "110-123-456789",
        "1234-5678-9012-3456",
        "M12345678",
        "11-12-123456-78",
        "010\u200b1234\u200b5678",
        "0 1 0 1 2 3 4 5 6 7 8",
        "010<br>1234<br>5678",
    ],
)
def test_the_misses_listed_in_the_issue(text):
    masked = mask_pii(f"제보자 연락처: {text} 입니다")
    assert not re.search(r"[0-9]", squash(masked)) and "naver" not in masked and "한국.kr" not in masked, masked
    assert masked.startswith("제보자 연락처: ") and masked.endswith(" 입니다")


def test_a_name_next_to_a_phone_and_a_building_number_are_masked():
    assert mask_pii("홍길동 010-1234-5678") == "*** ***-****-****"
    assert mask_pii("담당자 홍길동님(010-1234-5678)") == "담당자 ***님(***-****-****)"
    assert mask_pii("연락처 010-1234-5678") == "연락처 ***-****-****"  # a label, not a name
    assert mask_pii("세종대로 12에서 사고") == "세종대로 ***에서 사고"
    assert mask_pii("인사동길 3-4 앞") == "인사동길 *** 앞"
    assert mask_pii("봉은사로12길 3 근처") == "봉은사로12길 *** 근처"
    assert mask_pii("래미안 101동 1203호") == "래미안 ***"


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01 오후 2시 30분 회의",
        "가로등 3개가 꺼졌고 도로 2곳이 파였습니다",
        "강남대로 2차로, 왕복 8차선",
        "사고가 15% 늘었고 3.5km 구간입니다",
        "2025년 12월 3일, 112 신고 5건",
        "정문으로 3분 걸어가면 나옵니다",
        "1588-1234 고객센터",
    ],
)
def test_ordinary_numbers_in_prose_stay(text):
    assert mask_pii(text) == text


@settings(max_examples=300, deadline=None)
@given(variant=st.one_of(*KINDS.values()), wrap=st.sampled_from(["p", "li", "blockquote", "strong"]))
@example(variant=('<a href="mailto:hong@naver.com">hong@naver.com</a>', ["hong"]), wrap="p")
def test_masked_html_keeps_its_tags_and_stays_sanitized(variant, wrap):
    text, secrets = variant
    clean = sanitize(f"<{wrap}>제보 {text} 입니다</{wrap}>")
    masked = mask_pii(clean)
    assert re.findall(r"</?[a-z]+", masked) == re.findall(r"</?[a-z]+", clean)  # the same tags, in order
    assert sanitize(masked) == masked
    assert not any(secret in squash(masked) for secret in secrets)
