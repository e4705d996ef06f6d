"""Police see personal data unmasked (partners.access.can_see_original_pii); each time a page or an
API response shows an original that masking would have changed, the audit log records who saw which
suggestion's original, where, and which fields (issue #13: nothing leaked without a trace)."""

from __future__ import annotations

from collections.abc import Iterable

from core import audit
from partners import access

from ..models import Suggestion
from ..text import contains_pii

ACTION = "pii.original_viewed"  # a read, not a write: apart from the "suggestion.*" rows
DETAIL_FIELDS = ("title", "body", "address")


def fields_with_pii(s: Suggestion, fields: Iterable[str] = DETAIL_FIELDS) -> list[str]:
    """The fields of `s` that masking changes (what a non-police reader would not see)."""
    return [name for name in fields if contains_pii(getattr(s, name) or "")]


def record_originals_shown(
    user,
    principal: access.Principal,
    suggestions: Iterable[Suggestion],
    where: str,
    fields: Iterable[str] = DETAIL_FIELDS,
) -> int:
    """One audit row per suggestion whose personal data `principal` was just shown unmasked (in
    `fields`: a list shows titles only); nothing for anyone who sees masked text. Returns the rows written."""
    if not access.can_see_original_pii(principal):
        return 0
    fields = tuple(fields)
    shown = [(s, found) for s in suggestions if (found := fields_with_pii(s, fields))]
    return audit.record_many(user, ACTION, ((s, {"where": where, "fields": found}) for s, found in shown))
