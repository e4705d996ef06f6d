"""User text: one `sanitize` for limited rich text (nh3) and one `mask_pii` for personal data.

nh3 (ammonia) is used instead of bleach: bleach has been unmaintained since June 2026 with no
further security releases. Input is sanitized before it is stored and again when rendered.
"""

import html
import re

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


# Personal data patterns (Korean formats). Hyphens, dots and spaces as separators.
_SEP = r"[\s.\-‐–—]?"
_RRN = re.compile(r"(?<!\d)(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))" + _SEP + r"([1-8])\d{6}(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(01[016789])" + _SEP + r"(\d{3,4})" + _SEP + r"(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<!\d)(0(?:2|[3-6][1-5]|70|50\d?))" + _SEP + r"(\d{3,4})" + _SEP + r"(\d{4})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")

RRN_MASK = "******-*******"
PHONE_MASK = "***-****-****"
EMAIL_MASK = "***@***"


def mask_pii(text: str) -> str:
    """Replace 주민등록번호-shaped numbers, phone numbers and e-mail addresses with fixed masks.

    Fixed masks (not partial ones) so nothing of the original is findable in the index."""
    if not text:
        return text
    text = _RRN.sub(RRN_MASK, text)
    text = _MOBILE.sub(PHONE_MASK, text)
    text = _PHONE.sub(PHONE_MASK, text)
    return _EMAIL.sub(EMAIL_MASK, text)


def contains_pii(text: str) -> bool:
    return mask_pii(text) != text
