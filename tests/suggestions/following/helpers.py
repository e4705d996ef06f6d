"""Shared steps of the following tests: an answer drafted by the officer and approved by the head."""

from __future__ import annotations

from suggestions import notifications, services
from suggestions.models import Notification, Suggestion


def publish_answer(world, s: Suggestion, body: str = "신호기를 점검하겠습니다."):
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body=body)
    services.submit_answer(world.officer_traffic, a)
    return services.approve_answer(world.head_traffic, a)


def deliver(s: Suggestion, kind: str) -> int:
    """Deliver the (latest) event of `kind` as the worker would."""
    return notifications.deliver_event(s.events.filter(kind=kind).latest("created_at", "id").pk)


def in_app(user, kind: str) -> list[str]:
    return list(Notification.objects.filter(user=user, kind=kind, channel="in_app").values_list("message", flat=True))
