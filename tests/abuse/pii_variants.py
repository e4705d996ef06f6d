"""Hypothesis strategies for personal data written the many ways people write it (issue #13): each
draws (text, secrets), the text a variant and the secrets what must not survive masking, compared
after `squash` (NFKC, tags and entities gone, every digit ASCII, separators removed)."""

from __future__ import annotations

import html
import re
import unicodedata

from hypothesis import strategies as st

SEPS = ["-", " ", ".", "", " - ", " . ", "_", "—", "–", "−", ". ", "-\u200b", " – ", "&nbsp;", " / ", "\u3000"]
RRN_SEPS = ["-", " - ", " -", "- ", "", " ", "–", "—", "_", " . "]
# Prose around a variant: no digits and no Latin letters, so anything left of a secret shows.
FILLERS = ["", "연락 주세요 ", "제보합니다. ", "(급함) ", "확인 부탁드립니다! ", "\n", " · ", "위험해요: "]
AFTERS = ["", " 로 연락 주세요", ". 감사합니다", " 입니다.", "\n다음 줄", " (급함)", "!"]


def squash(text: str) -> str:
    """What a reader, the analyzer or a search would still see of numbers and addresses."""
    text = html.unescape(re.sub(r"<[^>]*>", "", unicodedata.normalize("NFKC", text)))
    text = "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in text)
    return re.sub(r"[\s\-._/()·~\u2010-\u2015\u2212\u200b\ufeff]+", "", text).lower()


def digits_of(text: str) -> str:
    return re.sub(r"[^0-9]", "", squash(text))


def _styled(draw, digits: str) -> str:
    """Digits as typed: ASCII, full-width (０１０), mathematical or Arabic-Indic, mixed per digit."""
    style = draw(st.sampled_from(["ascii", "ascii", "fullwidth", "mixed"]))
    if style == "ascii":
        return digits
    bases = [0xFF10] if style == "fullwidth" else [0x30, 0xFF10, 0x1D7CE, 0x660]
    return "".join(chr(draw(st.sampled_from(bases)) + int(d)) if d.isdigit() else d for d in digits)


def _number(n: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=n, max_size=n)


def _joined(draw, groups: list[str], seps: list[str] = SEPS) -> str:
    """Groups joined by drawn separators; sometimes one group is wrapped in an allowed tag."""
    groups = [_styled(draw, g) for g in groups]
    wrap = draw(st.sampled_from([None, None, "b", "strong", "i"]))
    if wrap:
        k = draw(st.integers(1, len(groups) - 1))
        groups[k] = f"<{wrap}>{groups[k]}</{wrap}>"
    out = groups[0]
    for g in groups[1:]:
        out += draw(st.sampled_from(seps)) + g
    return out


@st.composite
def mobile(draw) -> tuple[str, list[str]]:
    prefix = draw(st.sampled_from(["010", "011", "016", "017", "018", "019"]))
    mid, end = draw(_number(draw(st.sampled_from([3, 4])))), draw(_number(4))
    form = draw(st.sampled_from(["{p}", "+82 {q}", "+82-{q}", "+82{q}", "0082 {q}", "+82 (0){q}", "({p})", "+82 0{q}"]))
    head = form.format(p=prefix, q=prefix[1:])
    return _joined(draw, [head, mid, end]), [digits_of(mid + end)]


@st.composite
def landline(draw) -> tuple[str, list[str]]:
    area = draw(st.sampled_from(["02", "031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "055"]))
    area = draw(st.sampled_from([area, "061", "062", "063", "064", "070"]))
    mid, end = draw(_number(draw(st.sampled_from([3, 4])))), draw(_number(4))
    form = draw(st.sampled_from(["{a}", "({a})", "{a})", "+82 {b}", "+82-{b}", "({a}) "]))
    return _joined(draw, [form.format(a=area, b=area[1:]), mid, end]), [digits_of(mid + end)]


@st.composite
def resident_number(draw) -> tuple[str, list[str]]:
    yy, mm = draw(st.integers(0, 99)), draw(st.integers(1, 12))
    dd = draw(st.integers(1, 28 if mm == 2 else 30))
    back = str(draw(st.integers(1, 8))) + draw(_number(6))
    return _joined(draw, [f"{yy:02d}{mm:02d}{dd:02d}", back], RRN_SEPS), [back]


@st.composite
def email(draw) -> tuple[str, list[str]]:
    latin = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=4, max_size=12)
    local = draw(
        st.one_of(
            latin,
            st.builds(lambda a, s, b: a + s + b, latin, st.sampled_from([".", "_", "-", "+"]), latin),
            st.sampled_from(["홍길동", "김민준", "이서연"]),
        )
    )
    local = "".join(c.upper() if draw(st.booleans()) and c.isascii() else c for c in local)
    at = draw(st.sampled_from(["@", " @ ", "[at]", " [at] ", "(at)", " (at) ", "＠", " 골뱅이 ", "{at}", " AT "]))
    domain = draw(
        st.sampled_from(
            ["naver.com", "daum.net", "gmail.com", "hanmail.net", "korea.kr", "police.go.kr", "한국.kr", "kakao.co.kr"]
        )
    )
    dot = draw(st.sampled_from([".", ".", " [dot] ", "(dot)", " dot "]))
    return local + at + domain.replace(".", dot), [squash(local)]


PLATE_LETTERS = "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배허하호"


@st.composite
def car_plate(draw) -> tuple[str, list[str]]:
    region = draw(st.sampled_from(["", "", "서울", "서울 ", "경기", "부산 "]))
    front, back = draw(_number(draw(st.sampled_from([2, 3])))), draw(_number(4))
    letter = draw(st.sampled_from(PLATE_LETTERS))
    text = f"{region}{_styled(draw, front)}{draw(st.sampled_from(['', ' ']))}{letter}"
    text += f"{draw(st.sampled_from(['', ' ']))}{_styled(draw, back)}"
    return text, [front + letter + back, back]


ACCOUNT_SHAPES = [
    (3, 2, 6),
    (3, 6, 5),
    (4, 3, 6),
    (6, 2, 6),
    (3, 3, 6),
    (3, 4, 4, 2),
    (3, 2, 5),
    (4, 4, 5),
    (3, 6, 2, 3),
]


@st.composite
def bank_account(draw) -> tuple[str, list[str]]:
    label = draw(st.sampled_from(["", "국민은행 ", "계좌 ", "신한 ", "농협 계좌: "]))
    shape = draw(st.sampled_from([*ACCOUNT_SHAPES, (draw(st.integers(10, 14)),)]))
    groups = [draw(_number(n)) for n in shape]
    text = groups[0] if len(groups) == 1 else _joined(draw, groups, ["-", " - ", " ", "", "-", "."])
    return label + text, ["".join(groups)]


@st.composite
def card_number(draw) -> tuple[str, list[str]]:
    shape = draw(st.sampled_from([(4, 4, 4, 4), (4, 6, 5), (4, 4, 4, 4)]))
    groups = [draw(_number(n)) for n in shape]
    return _joined(draw, groups, ["-", " ", "", ".", " - "]), ["".join(groups)]


@st.composite
def passport(draw) -> tuple[str, list[str]]:
    letter = draw(st.sampled_from(["M", "S", "R", "O", "D", "Ｍ"]))
    if draw(st.booleans()):
        rest = draw(_number(8))
    else:
        rest = draw(_number(3)) + draw(st.sampled_from("ABCDEFGHJK")) + draw(_number(4))
    return letter + _styled(draw, rest), [digits_of(rest)]


@st.composite
def driving_licence(draw) -> tuple[str, list[str]]:
    region = draw(st.sampled_from(["11", "12", "13", "28", "서울 ", "경기 "]))
    groups = [draw(_number(2)), draw(_number(6)), draw(_number(2))]
    if region[0].isdigit():
        return _joined(draw, [region, *groups], ["-", " ", " - ", "-"]), ["".join(groups)]
    return region + _joined(draw, groups, ["-", " ", " - "]), ["".join(groups)]


@st.composite
def name_and_phone(draw) -> tuple[str, list[str]]:
    surname = draw(st.sampled_from("김이박최정홍강조윤장임한"))
    given = "".join(draw(st.lists(st.sampled_from("길동철수영희민준서윤지호"), min_size=1, max_size=2)))
    phone, secrets = draw(mobile())
    glue = draw(st.sampled_from([" ", ": ", "(", " / ", "", "님 ", " 씨 ", ", "]))
    return f"{surname}{given}{glue}{phone}", [surname + given, *secrets]


ROADS = ["세종대로", "테헤란로", "을지로", "종로", "퇴계로", "올림픽로", "도봉로", "인사동길", "가로수길", "동일로"]


@st.composite
def street_address(draw) -> tuple[str, list[str]]:
    road = draw(st.sampled_from(ROADS))
    number = draw(st.integers(1, 999)).__str__()
    if draw(st.booleans()):
        number += draw(st.sampled_from(["-", " - "])) + str(draw(st.integers(1, 99)))
    where = draw(st.sampled_from(["", " 앞", "에서", ", ", " 부근", "(", " 근처"]))
    text = f"{road}{draw(st.sampled_from([' ', '']))}{_styled(draw, number)}{where}"
    return text, [squash(road + number), digits_of(number)]


KINDS = {
    "mobile": mobile(),
    "landline": landline(),
    "resident_number": resident_number(),
    "email": email(),
    "car_plate": car_plate(),
    "bank_account": bank_account(),
    "card_number": card_number(),
    "passport": passport(),
    "driving_licence": driving_licence(),
    "name_and_phone": name_and_phone(),
    "street_address": street_address(),
}
any_variant = st.one_of(*KINDS.values())
