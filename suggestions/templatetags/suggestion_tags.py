from django import template
from django.utils.translation import gettext_lazy as _

from suggestions import events_catalogue, selectors
from suggestions.models import Suggestion, TimelineEvent

register = template.Library()
S = Suggestion.Status

STATUS_CLASSES: dict[str, str] = {
    S.ANSWERED: "ok",
    S.IMPLEMENTED: "ok",
    S.SUPPLEMENT: "warn",
    S.WITHDRAWN: "",
    S.MERGED: "",
}

# The parcel tracker's main steps.
TRACKER = [
    (S.SUBMITTED, _("제출")),
    (S.RECEIVED, _("접수")),
    (S.ASSIGNED, _("배정")),
    (S.UNDER_REVIEW, _("검토")),
    (S.ANSWERED, _("답변")),
    (S.IMPLEMENTED, _("반영")),
]


@register.filter
def shown_to(text: str, principal) -> str:
    """Written text as `principal` may see it: personal data masked for everyone but the police."""
    return selectors.shown_text(str(text or ""), principal)


@register.filter
def event_label(kind: str) -> str:
    return events_catalogue.label(kind)


@register.filter
def event_message(event: TimelineEvent) -> str:
    """A system-written timeline message in the reader's language; a person's words as written."""
    return events_catalogue.timeline_message(event)


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "")


@register.simple_tag
def tracker_steps(status: str) -> list[tuple[str, str]]:
    """[(label, state)] with state done/current/todo for the parcel tracker bar."""
    order: list[str] = [s for s, _ in TRACKER]
    effective = S.UNDER_REVIEW if status == S.SUPPLEMENT else status  # a paused review is still a review
    pos = order.index(effective) if effective in order else -1
    steps: list[tuple[str, str]] = []
    for i, (_key, label) in enumerate(TRACKER):
        state = "done" if i < pos else "current" if i == pos else "todo"
        steps.append((str(label), state))
    return steps
