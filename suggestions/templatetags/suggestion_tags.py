from django import template
from django.utils.translation import gettext_lazy as _

from suggestions import events_catalogue
from suggestions.models import TimelineEvent

register = template.Library()

STATUS_CLASSES = {
    "answered": "ok",
    "implemented": "ok",
    "supplement": "warn",
    "withdrawn": "",
    "merged": "",
}

# The parcel tracker's main steps.
TRACKER = [
    ("submitted", _("제출")),
    ("received", _("접수")),
    ("assigned", _("배정")),
    ("under_review", _("검토")),
    ("answered", _("답변")),
    ("implemented", _("반영")),
]


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
def tracker_steps(status: str):
    """[(label, state)] with state done/current/todo for the parcel tracker bar."""
    order = [s for s, _ in TRACKER]
    effective = "under_review" if status == "supplement" else status
    pos = order.index(effective) if effective in order else -1
    steps = []
    for i, (_key, label) in enumerate(TRACKER):
        state = "done" if i < pos else "current" if i == pos else "todo"
        steps.append((label, state))
    return steps
