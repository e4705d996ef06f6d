"""Filing helpers shared by the resilience tests (through the real service layer, via the test world)."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User

from suggestions.models import Notification, Suggestion
from tests.world import file


def file_report(author: User, title: str | None = None, **overrides) -> Suggestion:
    """The world's traffic field report with a unique title (so every filing is told apart in the
    index) and a phone number in the body (which must never reach the index), without a pin."""
    data = {
        "title": title or f"수유역 사거리 신호 고장 {uuid.uuid4().hex[:8]}",
        "body": "<p>보행 신호가 밤마다 꺼집니다. 연락처 010-1234-5678</p>",
        "lat": None,
        "lon": None,
        "risk_type": "",
        **overrides,
    }
    return file(author, **data)


def proposer_notifications(suggestion: Suggestion) -> list[Notification]:
    return list(Notification.objects.filter(suggestion=suggestion, user=suggestion.author).order_by("key"))


def proposer_notifications_sent(suggestion: Suggestion) -> list[Notification]:
    """The proposer's rows once sent: e-mail/SMS go out in their own task, after the row is recorded."""
    return [n for n in proposer_notifications(suggestion) if n.sent_at]
