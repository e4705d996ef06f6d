"""The diff a head sees when approving a correction: the new version against the published one, as
plain text (difflib over words), rendered with <del>/<ins>; every piece is escaped, and personal
data is masked for a viewer who may not see it."""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partners import access

from .text import html_to_text, mask_pii

_TOKENS = re.compile(r"\s+|[^\s]+")


def _plain(html: str, principal: access.Principal) -> list[str]:
    text = html_to_text(html)
    if not access.can_see_original_pii(principal):
        text = mask_pii(text)
    return _TOKENS.findall(text)


def correction_diff(published_html: str, new_html: str, principal: access.Principal) -> SafeString:
    """HTML: unchanged words as text, removed ones in <del>, added ones in <ins>."""
    old, new = _plain(published_html, principal), _plain(new_html, principal)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(old[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # every piece above is escaped
