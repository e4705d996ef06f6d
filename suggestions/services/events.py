"""Recording what happened: the one function that writes a timeline event and its audit row, queues
the notification and sends `suggestion_changed` (search subscribes); plus the helpers every write
module shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from core import audit
from core.outbox import enqueue
from partners import access

from ..events_catalogue import NOTIFYING
from ..models import Suggestion, TimelineEvent
from ..signals import send_suggestion_changed
from ..workflow import check_transition


def _principal(user) -> access.Principal:
    return access.principal_for(user)


def _deny(message: str = gettext_lazy("이 작업을 할 권한이 없습니다.")) -> PermissionDenied:
    return PermissionDenied(message)


def _lock(suggestion: Suggestion) -> Suggestion:
    """Reload under a row lock so concurrent writes see each other's state."""
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, (dt.date, dt.datetime)):
            out[key] = value.isoformat()
        elif hasattr(value, "pk"):
            out[key] = value.pk
        else:
            out[key] = value
    return out


def record_event(
    suggestion: Suggestion,
    actor,
    kind: str,
    *,
    from_status: str = "",
    to_status: str = "",
    message: str = "",
    police_only: bool = False,
    notify: bool = True,
    index: bool = True,
    **data: Any,
) -> TimelineEvent:
    """Timeline event + audit row + (optionally) notification and `suggestion_changed`, in this transaction."""
    data = _jsonable(data)
    event = TimelineEvent.objects.create(
        suggestion=suggestion,
        actor=_actor(actor),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        message=message,
        data=data,
        police_only=police_only,
    )
    audit.record(actor, f"suggestion.{kind}", suggestion, from_status=from_status, to_status=to_status, **data)
    if notify and kind in NOTIFYING:
        enqueue("suggestions.send_notification", event.pk)
    if index:
        send_suggestion_changed(suggestion.pk)  # search re-indexes it (through the outbox, on commit)
    return event


def _move(suggestion: Suggestion, to_status: str) -> str:
    """Check the transition table and set the new status; returns the old status."""
    old = suggestion.status
    check_transition(old, to_status)
    suggestion.status = to_status
    return old
