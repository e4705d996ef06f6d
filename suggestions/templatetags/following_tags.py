"""{% follow_panel %}, {% thread_panel %} and {% implementation_panel %} on the proposal page and the
admin's suggestion page (computed here so the detail views stay as they are)."""

from __future__ import annotations

from typing import Any

from django import template

from partners import access

from ..following import selectors
from ..workflow import INACTIVE_STATES

register = template.Library()


def _principal(context) -> access.Principal:
    principal = context.get("principal")
    if principal is None:
        principal = access.principal_for(context["request"].user)
    return principal


@register.inclusion_tag("suggestions/following/_follow.html", takes_context=True)
def follow_panel(context) -> dict[str, Any]:
    s, principal = context["s"], _principal(context)
    can = access.can_follow(principal, s)
    return {
        "s": s,
        "can_follow": can and s.status not in INACTIVE_STATES,
        "following": can and selectors.is_following(principal, s),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("suggestions/following/_thread.html", takes_context=True)
def thread_panel(context, police: bool = False) -> dict[str, Any]:
    s, principal = context["s"], _principal(context)
    readable = access.can_read_thread(principal, s)
    return {
        "s": s,
        "police": police,
        "readable": readable,
        "messages_": selectors.thread(s, principal) if readable else [],
        "can_write": access.can_write_thread(principal, s) and s.status not in INACTIVE_STATES and s.department_id,
        "is_author": access.is_author(principal, s),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("suggestions/following/_implementation.html", takes_context=True)
def implementation_panel(context) -> dict[str, Any]:
    s, principal = context["s"], _principal(context)
    record = selectors.implementation_of(s) if s.status == "implemented" else None
    return {"s": s, "record": record, "summary": selectors.shown_text(record.summary, principal) if record else ""}
