"""`{{ html|with_breaks }}`: the line breaks a member or an officer typed, shown.

Bodies are typed in a plain textarea and stored as sanitized HTML, so their newlines are bare text
that a browser folds into spaces. Plain text gets paragraphs (blank lines) and `<br>` (single
newlines); rich text keeps its own blocks and only the newlines inside text become `<br>`. The
result is sanitized again: nothing this adds can open a hole. Apply it to text already masked
(`shown_body`), so a number split across lines is masked before the break becomes a tag."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

from suggestions.text import sanitize

register = template.Library()

_BLOCK_TAG = r"</?(?:p|ul|ol|li|blockquote)\b[^>]*>|<br\s*/?>"
_HAS_BLOCK = re.compile(_BLOCK_TAG, re.IGNORECASE)
_AROUND_BLOCK = re.compile(rf"\s*({_BLOCK_TAG})\s*", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def with_line_breaks(value: str) -> str:
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" in text:
        if _HAS_BLOCK.search(text):
            # Newlines next to a block tag are the editor's layout, not the writer's breaks.
            text = _AROUND_BLOCK.sub(r"\1", text).replace("\n", "<br>")
        else:
            paragraphs = (p.strip() for p in _PARAGRAPH_BREAK.split(text))
            text = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs if p)
    return sanitize(text)


@register.filter
def with_breaks(value: str) -> SafeString:
    return mark_safe(with_line_breaks(value))
