"""Recording what happened: the one function that writes a timeline event and its audit row, queues
the notification and sends `suggestion_changed` (search subscribes); plus the helpers every write
module shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from core import audit
from core.outbox import enqueue
from partners import access

from .. import public_stats
from ..events_catalogue import NOTIFYING
from ..models import Suggestion, TimelineEvent
from ..signals import send_suggestion_changed
from ..workflow import check_transition


@dataclass(frozen=True)
class SystemActor:
    """The system writing on its own account (the importer), passed where a user would be.

    Services let it through their permission checks (only code can make one, never a request), it is
    recorded as no actor, `event_data` is added to every event it records, and `notify=False` keeps
    an import of history from notifying anyone."""

    name: str
    notify: bool = False
    event_data: dict[str, Any] = field(default_factory=dict)

    is_authenticated = False


IMPORTER = SystemActor("import", event_data={"imported": True})


def is_system(user: object) -> bool:
    return isinstance(user, SystemActor)


def _by_system(user: object) -> SystemActor | None:
    """The actor of a step the system takes on a write's behalf (receiving, routing): the
    SystemActor that made the write, else nobody."""
    return user if isinstance(user, SystemActor) else None


def _principal(user) -> access.Principal:
    return access.principal_for(user)


_NOT_ALLOWED = gettext_lazy("이 작업을 할 권한이 없습니다.")


def _deny(message: str | Promise = _NOT_ALLOWED) -> PermissionDenied:
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
    if isinstance(actor, SystemActor):
        data = {**data, **actor.event_data}
        notify = notify and actor.notify
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
    public_stats.mark_stale()  # status, answer or rating: the public figures are refreshed after commit
    return event


def _move(suggestion: Suggestion, to_status: str) -> str:
    """Check the transition table and set the new status; returns the old status."""
    old = suggestion.status
    check_transition(old, to_status)
    suggestion.status = to_status
    return old
