"""User text: one `sanitize` for limited rich text (nh3) and one `mask_pii` for personal data.

nh3 (ammonia) is used instead of bleach: bleach has been unmaintained since June 2026 with no
further security releases. Input is sanitized before it is stored and again when rendered.
"""

import html
import re
import unicodedata
from collections.abc import Iterator

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(value: str) -> str:
    """Allowlist-sanitize limited rich text. Scripts, event handlers, javascript: URLs, styles and
    every tag outside ALLOWED_TAGS are removed; links get rel="noopener noreferrer nofollow".

    One pass can emit markup that the HTML parser restructures on the next pass (e.g. nested
    <li>), so we clean to a fixed point: sanitizing stored text again never changes it."""
    cleaned = value or ""
    for _ in range(4):
        previous, cleaned = (
            cleaned,
            nh3.clean(
                cleaned,
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                url_schemes=ALLOWED_URL_SCHEMES,
                link_rel="noopener noreferrer nofollow",
                strip_comments=True,
            ),
        )
        if cleaned == previous:
            break
    return cleaned


_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(value: str) -> str:
    """Plain text of sanitized HTML (for search, e-mail, CSV)."""
    text = _BLOCK_END.sub("\n", sanitize(value))
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"[ \t]+", " ", re.sub(r"\n{3,}", "\n\n", text)).strip()


# --- Personal data ----------------------------------------------------------------------------
#
# mask_pii matches on a *normalised view* of the text and replaces the matched characters of the
# original: NFKC (full-width digits and ＠), every Unicode digit as ASCII, every dash as "-",
# invisible format characters and combining marks dropped. Two views are matched: the text as it
# is (e-mails in link attributes) and the text without tags, with entities decoded (a number split
# by <b>…</b> or &nbsp;). Tags between the parts of a match are kept, so masked HTML stays valid.
# Fixed masks (not partial ones) so nothing of the original is findable in the index.

RRN_MASK = "******-*******"
PHONE_MASK = "***-****-****"
EMAIL_MASK = "***@***"
NUMBER_MASK = "****-****-****"  # bank accounts, cards, driver's licences, any long number
PASSPORT_MASK = "*********"
PLATE_MASK = "*** ****"
NAME_MASK = "***"
ADDRESS_MASK = "***"

# One separator between digit groups: dashes, dots, underscores, slashes, ")" — with spaces
# around — or spaces, or one line break (a number split over lines or <br>).
_G = r"(?:[ \t]*(?:[-._/·~)][ \t]*){1,2}|[ \t]*\n?[ \t]*)"
_G1 = r"(?:[ \t]?[-._][ \t]?|[ \t])?"  # tighter, for the long-number rule
_INTL = rf"(?:(?:\+|00)[ \t]*82{_G}(?:\(0\){_G})?0?)"  # +82 10 …, 0082-2-…, +82 (0)10 …
_LOCAL_START = rf"(?:{_INTL}|(?:\((?=0[0-9]{{1,3}}\)))?(?<![0-9])0)"  # (010)…, 02)…
_RRN = re.compile(rf"(?<![0-9])[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]){_G}[1-8][0-9]{{6}}(?![0-9])")
_PHONES = [
    re.compile(rf"{_LOCAL_START}1[016789]{_G}[0-9]{{3,4}}{_G}[0-9]{{4}}(?![0-9])"),
    re.compile(
        rf"{_LOCAL_START}(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[0-9]|80){_G}[0-9]{{3,4}}{_G}[0-9]{{4}}(?![0-9])"
    ),
]
# E-mail: the "@" (or [at], 골뱅이) is found first, then the local part before it and the domain after.
_AT = re.compile(
    r"[ \t]*@[ \t]*|[ \t]*[\[({<][ \t]*(?:at|골뱅이|앳)[ \t]*[\])}>][ \t]*|[ \t]+(?:at|골뱅이)[ \t]+", re.IGNORECASE
)
_LOCAL = re.compile(r"(?:[a-z0-9][a-z0-9._%+\-]*|[가-힣][가-힣0-9._\-]*)\Z", re.IGNORECASE)  # ASCII, or 홍길동
_DOMAIN = re.compile(
    r"(?:(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?|[가-힣0-9\-]+)"  # labels, Korean ones too (한국.kr)
    r"(?:\.|[ \t]*[\[({][ \t]*(?:dot|닷|점)[ \t]*[\])}][ \t]*|[ \t]+(?:dot|닷)[ \t]+))+"
    r"(?:[a-z]{2,}|한국)",
    re.IGNORECASE,
)
_PASSPORT = re.compile(r"(?<![a-z0-9])[mrsodg](?:[ \t-]?[0-9]{8}|[0-9]{3}[a-z][0-9]{4})(?![0-9])", re.IGNORECASE)
_REGIONS = "서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주"
_PLATE = re.compile(
    rf"(?:(?:{_REGIONS})[ \t]?)?(?<![0-9])[0-9]{{2,3}}[ \t]?"
    r"[가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배허하호][ \t]?[0-9]{4}(?![0-9])"
)
_LONG_NUMBER = re.compile(rf"(?<![0-9])[0-9](?:{_G1}[0-9]){{9,}}(?![0-9])")  # accounts, cards, licences
# A building number after a road name (…로 12, …길 3-4), 101동 1203호, 123-4번지.
_COUNTERS = (
    r"분|초|시|개|명|건|대|곳|번|회|차|층|년|월|일|주|배|살|세|원|만|천|억|호선|단계|가지|위|등|도|"
    r"km|m|cm|mm|kg|%|퍼센트|미터|킬로|리터|톤|시간|개월"
)
_ROAD = re.compile(
    rf"(?<![가-힣0-9])([가-힣][가-힣0-9]*(?:로|길))[ \t]?([0-9]{{1,4}}(?:[ \t]?-[ \t]?[0-9]{{1,4}})?)"
    rf"(?![0-9]|[ \t]?(?:{_COUNTERS})|번?(?:길|가|로))",  # not 12개, nor the 12 of 봉은사로12길
    re.IGNORECASE,
)
_NOT_ROADS = frozenset(  # common nouns ending in 로/길
    re.findall(
        r"\S+",
        "도로 차로 가로 경로 통로 진로 선로 항로 수로 교차로 활주로 산책로 자전거도로 골목길 오솔길 "
        "밤길 등굣길 등하굣길 출근길 퇴근길 빗길 눈길 갓길 귀갓길 하굣길 뒷길 샛길 지름길 찻길 인도로 보도로",
    )
)
_UNIT = re.compile(
    r"(?<![0-9])[0-9]{1,5}[ \t]?동[ \t]?[0-9]{1,5}[ \t]?호(?!선)"
    r"|(?<![0-9])[0-9]{1,5}(?:[ \t]?-[ \t]?[0-9]{1,5})?[ \t]?번지"
)
# A name right before a phone number: a common surname and one to three syllables (홍길동 010-…).
_SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함"
    "변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부태피두감"
)
_NAME_BEFORE = re.compile(rf"(?<![가-힣])([{_SURNAMES}][가-힣]{{1,3}}?)(?:[ \t]*(?:님|씨))?[ \t]*[:(/,·]?[ \t]*\Z")
_NOT_NAMES = frozenset(  # labels, not names
    re.findall(
        r"\S+",
        "연락처 전화 전화번호 휴대폰 휴대전화 핸드폰 번호 문의 문의처 연락 대표 대표번호 담당 담당자 사무실 팩스 "
        "제보자 신고 신고자 상담 상담실 민원실 지구대 파출소 경찰서 본인 주소 이메일 메일 직통 내선 안내",
    )
)

_NOT_NAME_END = re.compile(r"(?:요|다|는|를|을|에|께|고|면)\Z")  # verb endings and particles (주세요)
_MARKUP = re.compile(
    r"<!--.*?-->|</?[A-Za-z][^<>]*>|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});", re.S
)
_BLOCK_TAG = re.compile(r"</?(?:p|li|br|blockquote|ul|ol|div|h[1-6]|tr|td|th|table)\b", re.IGNORECASE)
_SPECIAL = re.compile(r"[^\x00-\x7f\uac00-\ud7a3]")  # what NFKC or _fold may change (not ASCII, not 한글)
_MAYBE_PII = re.compile(r"\d|@|at|골뱅이|앳|&#", re.IGNORECASE)  # \d: any script's digits


def _fold(ch: str) -> str:
    """One normalised character as matched: ASCII digits and dashes, nothing for invisible ones."""
    if ch < "\x80":
        return ch
    category = unicodedata.category(ch)
    if category in ("Cf", "Mn", "Me"):
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category == "Pd" or ch == "\u2212":
        return "-"
    return ch


class _View:
    """The normalised text matched against, with each character's source span in the original."""

    def __init__(self, text: str, markup: str = "keep") -> None:
        """markup: "keep" (plain text), "strip" (the text of HTML, entities decoded) or "attributes"
        (only the insides of its tags: e-mails in href and title)."""
        self.chars: list[str] = []  # pieces of the view text
        self.starts: list[int] = []  # per view character: its source span in the original
        self.ends: list[int] = []
        pos = 0
        for m in _MARKUP.finditer(text) if markup != "keep" else ():
            token = m.group()
            if markup == "attributes":
                if not token.startswith("&") and "=" in token:
                    self._add(text, m.start(), m.end())
                    self._gap(m.end())
                continue
            self._add(text, pos, m.start())
            if token.startswith("&"):
                self._put(html.unescape(token), m.start(), m.end())
            elif _BLOCK_TAG.match(token):
                self._gap(m.start())
            pos = m.end()
        if markup != "attributes":
            self._add(text, pos, len(text))
        self.text = "".join(self.chars)

    def _gap(self, at: int) -> None:
        self.chars.append("\n")  # separates like a line break; masking it removes nothing
        self.starts.append(at)
        self.ends.append(at)

    def _add(self, text: str, start: int, end: int) -> None:
        pos = start
        for m in _SPECIAL.finditer(text, start, end):
            self._same(text, pos, m.start())
            self._put(m.group(), m.start(), m.end())
            pos = m.end()
        self._same(text, pos, end)

    def _same(self, text: str, start: int, end: int) -> None:
        self.chars.append(text[start:end])
        self.starts.extend(range(start, end))
        self.ends.extend(range(start + 1, end + 1))

    def _put(self, piece: str, start: int, end: int) -> None:
        normalised = "".join(map(_fold, unicodedata.normalize("NFKC", piece)))
        self.chars.append(normalised)
        self.starts.extend([start] * len(normalised))
        self.ends.extend([end] * len(normalised))

    def source(self, start: int, end: int) -> Iterator[int]:
        """The original indices behind view characters start..end."""
        for k in range(start, end):
            yield from range(self.starts[k], self.ends[k])


def _matches(view: _View) -> Iterator[tuple[int, int, str]]:
    """(start, end, mask) in view coordinates, most specific kinds first."""
    text = view.text
    for m in _RRN.finditer(text):
        yield m.start(), m.end(), RRN_MASK
    for pattern in _PHONES:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), PHONE_MASK
            name = _NAME_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if name and name.group(1) not in _NOT_NAMES and not _NOT_NAME_END.search(name.group(1)):
                yield name.start(1), name.end(1), NAME_MASK
    for at in _AT.finditer(text):
        local = _LOCAL.search(text, max(0, at.start() - 64), at.start())
        domain = _DOMAIN.match(text, at.end())
        if local and domain:
            yield local.start(), domain.end(), EMAIL_MASK
    for m in _PASSPORT.finditer(text):
        yield m.start(), m.end(), PASSPORT_MASK
    for m in _PLATE.finditer(text):
        yield m.start(), m.end(), PLATE_MASK
    for m in _LONG_NUMBER.finditer(text):
        yield m.start(), m.end(), NUMBER_MASK
    for m in _ROAD.finditer(text):
        if m.group(1) not in _NOT_ROADS and not m.group(1).endswith("으로"):
            yield m.start(2), m.end(2), ADDRESS_MASK
    for m in _UNIT.finditer(text):
        yield m.start(), m.end(), ADDRESS_MASK


def mask_pii(text: str) -> str:
    """Replace personal data with fixed masks: 주민등록번호, phone numbers (and a name right before
    one), e-mail addresses (also `[at]`, Korean domains), passport numbers, car plates, bank account,
    card and licence numbers, building numbers of street addresses. Works on plain text and on
    sanitized HTML (tags are kept). Idempotent."""
    if not text or not _MAYBE_PII.search(unicodedata.normalize("NFKC", text)):
        return text
    html_like = "<" in text or "&" in text
    views = [_View(text, "strip"), _View(text, "attributes")] if html_like else [_View(text)]
    owner: dict[int, int] = {}  # the mask group of each masked original character
    masks: list[str] = []
    parent: list[int] = []

    def root(g: int) -> int:
        while parent[g] != g:
            g = parent[g]
        return g

    for view in views:
        for start, end, mask in _matches(view):
            group = len(masks)
            masks.append(mask)
            parent.append(group)
            for i in view.source(start, end):
                other = owner.setdefault(i, group)
                if other != group:  # overlapping matches become one; the earlier (more specific) mask wins
                    a, b = root(other), root(group)
                    parent[max(a, b)] = min(a, b)
    if not owner:
        return text
    out: list[str] = []
    done: set[int] = set()
    pos = 0
    for i in sorted(owner):
        out.append(text[pos:i])
        pos = i + 1
        g = root(owner[i])
        if g not in done:
            done.add(g)
            out.append(masks[g])
    out.append(text[pos:])
    return "".join(out)


def contains_pii(text: str) -> bool:
    return mask_pii(text) != text
