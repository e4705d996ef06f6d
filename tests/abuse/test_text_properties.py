"""Property-based tests (hypothesis) for suggestions.text: PII masking and HTML sanitizing."""

import re
import unicodedata
from html.parser import HTMLParser

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from suggestions.text import html_to_text, mask_pii, sanitize
from tests.abuse import payloads

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text around a personal number: Korean prose, spaces and punctuation, never digits or e-mail characters.
_filler_chars = st.sampled_from(list("가나다라마바사아자차카타파하는이을를에서 ,!?()[]:;~\n·ㅠㅋ"))
filler = st.text(_filler_chars, max_size=30)
sep = st.sampled_from(["-", " ", ".", ""])
digits = st.integers(min_value=0, max_value=9).map(str)


@st.composite
def rrn(draw) -> str:
    yy = draw(st.integers(0, 99))
    mm = draw(st.integers(1, 12))
    dd = draw(st.integers(1, 28 if mm == 2 else 30))
    gender = draw(st.integers(1, 8))
    rest = "".join(draw(st.lists(digits, min_size=6, max_size=6)))
    return f"{yy:02d}{mm:02d}{dd:02d}{draw(sep)}{gender}{rest}"


@st.composite
def mobile(draw) -> str:
    prefix = draw(st.sampled_from(["010", "011", "016", "017", "018", "019"]))
    mid = "".join(draw(st.lists(digits, min_size=3, max_size=4)))
    end = "".join(draw(st.lists(digits, min_size=4, max_size=4)))
    s = draw(sep)
    return f"{prefix}{s}{mid}{s}{end}"


@st.composite
def landline(draw) -> str:
    area = draw(
        st.sampled_from(
            ["02", "031", "032", "033", "041", "042", "043", "051", "052", "053", "061", "062", "064", "070"]
        )
    )
    mid = "".join(draw(st.lists(digits, min_size=3, max_size=4)))
    end = "".join(draw(st.lists(digits, min_size=4, max_size=4)))
    s = draw(sep)
    return f"{area}{s}{mid}{s}{end}"


local_part = st.text(st.sampled_from(list("abcxyzHONG0123456789._%+-")), min_size=1, max_size=20).filter(
    lambda s: s[0].isalnum()
)
domain = st.from_regex(r"\A[a-z0-9]{1,12}(\.[a-z0-9]{1,8}){0,2}\.(com|net|kr|co\.kr|org)\Z", fullmatch=True)
email = st.builds(lambda lp, d: f"{lp}@{d}", local_part, domain)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@SETTINGS
@given(before=filler, secret=st.one_of(rrn(), mobile(), landline()), after=filler)
@example(before="연락처 ", secret="010-1234-5678", after="로 주세요")
@example(before="", secret="900101-1234567", after="")
def test_no_generated_personal_number_survives_masking(before, secret, after):
    masked = mask_pii(f"{before}{secret}{after}")
    assert secret not in masked
    assert _digits(secret) not in _digits(masked)
    # A word right before a phone number may be a name and is masked with it (홍길동 010-…).
    kept = re.sub(r"[가-힣]{2,4}[ \t:(/,·]*\Z", "", before)
    assert masked.startswith(kept) and masked.endswith(after)


@SETTINGS
@given(before=filler, address=email, after=filler)
@example(before="메일 ", address="hong.gildong@example.co.kr", after=" 로")
def test_no_generated_email_survives_masking(before, address, after):
    masked = mask_pii(f"{before} {address} {after}")
    assert address not in masked
    assert "@" + address.split("@", 1)[1] not in masked


@SETTINGS
@given(st.lists(st.one_of(filler, rrn(), mobile(), landline(), email), max_size=8).map(" ".join))
def test_masking_is_idempotent_and_leaves_no_pii(text):
    once = mask_pii(text)
    assert mask_pii(once) == once


@SETTINGS
@given(st.text(max_size=200))
def test_masking_never_crashes_and_keeps_text_without_pii(text):
    masked = mask_pii(text)
    assert isinstance(masked, str)
    if not re.search(r"\d|@|at|골뱅이|앳", unicodedata.normalize("NFKC", text), re.IGNORECASE):
        assert masked == text


# --- sanitize -------------------------------------------------------------------------------

DANGEROUS_TAGS = [
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "img",
    "form",
    "input",
    "base",
    "meta",
    "link",
]
SAFE_TAGS = ["p", "b", "strong", "em", "i", "u", "ul", "ol", "li", "blockquote", "a", "br"]
handler = st.sampled_from(["onerror", "onload", "onclick", "ONMOUSEOVER", "onfocus", "OnToggle", "onbegin"])
js_url = st.sampled_from(
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
    ]
)
quote = st.sampled_from(['"', "'", ""])


@st.composite
def attribute(draw) -> str:
    q = draw(quote)
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return f" {draw(handler)}={q}alert(1){q}"
    if kind == 1:
        return f" href={q}{draw(js_url)}{q}"
    if kind == 2:
        return f" style={q}background:url(javascript:alert(1)){q}"
    return f" title={q}{draw(st.text(max_size=10))}{q}"


@st.composite
def html_fragment(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 3))
        if choice == 0 or depth > 2:
            parts.append(draw(st.text(max_size=20)))
        elif choice == 1:
            parts.append(draw(st.sampled_from(payloads.project_payloads())))
        else:
            tag = draw(st.sampled_from(DANGEROUS_TAGS + SAFE_TAGS))
            attrs = "".join(draw(st.lists(attribute(), max_size=3)))
            inner = draw(html_fragment(depth=depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag.upper()}>"]))
            parts.append(f"<{tag}{attrs}>{inner}{close}")
    return "".join(parts)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(cleaned: str) -> None:
    """Parse the sanitized HTML as a browser would: only allowed tags, no handlers, styles or script URLs."""
    assert "<script" not in cleaned.lower()
    parser = _Tags()
    parser.feed(cleaned)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in SAFE_TAGS, (tag, cleaned)
        for name, value in attrs:
            assert not name.startswith("on"), cleaned
            assert name in {"href", "title", "rel"}, (name, cleaned)
            if name == "href" and value:
                # WHATWG URL parsing: strip leading/trailing C0 controls and spaces, drop tab/LF/CR.
                url = re.sub(r"[\t\n\r]", "", value.strip("".join(chr(c) for c in range(0x21))))
                scheme = url.split(":", 1)
                if len(scheme) == 2 and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*", scheme[0]):
                    assert scheme[0].lower() in {"http", "https", "mailto"}, cleaned


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_fragment())
def test_sanitize_output_is_inert(html):
    assert_inert(sanitize(html))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(html_fragment(), st.text(max_size=300), st.sampled_from(payloads.all_payloads())))
def test_sanitize_is_idempotent(html):
    once = sanitize(html)
    assert sanitize(once) == once
    assert_inert(once)


def test_sanitize_every_corpus_payload():
    """Deterministic sweep: every payload of the project corpus and the shared lists."""
    for payload in payloads.all_payloads() + payloads.huge_fields():
        cleaned = sanitize(payload)
        assert_inert(cleaned)
        assert isinstance(html_to_text(payload), str)


def test_sanitize_keeps_allowed_markup_and_marks_links():
    cleaned = sanitize('<p>가로등 <strong>고장</strong> <a href="https://example.com">지도</a></p>')
    assert "<strong>고장</strong>" in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned
