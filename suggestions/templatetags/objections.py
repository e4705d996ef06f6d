"""{% objection_panel %} on the proposal page: the objections and, for the proposer, the 이의신청 form
(computed here so the detail view stays as it is)."""

from __future__ import annotations

from typing import Any

from django import template

from ..objections import selectors
from ..objections.forms import ObjectionForm

register = template.Library()


@register.inclusion_tag("suggestions/objections/_objection.html", takes_context=True)
def objection_panel(context) -> dict[str, Any]:
    s, principal = context["s"], context["principal"]
    return {
        "s": s,
        "objections": selectors.for_suggestion(principal, s),
        "can_object": selectors.can_file(principal, s),
        "objection_form": ObjectionForm(),
        "csrf_token": context.get("csrf_token"),
    }
