"""Filing helpers shared by the resilience tests (through the real service layer)."""

from __future__ import annotations

import uuid

from partners.models import Field
from suggestions import services
from suggestions.models import Notification, Suggestion


def file_report(author, title: str | None = None, **overrides) -> Suggestion:
    data = {
        "kind": Suggestion.Kind.FIELD_REPORT,
        "title": title or f"수유역 사거리 신호 고장 {uuid.uuid4().hex[:8]}",
        "body": "<p>보행 신호가 밤마다 꺼집니다. 연락처 010-1234-5678</p>",
        "field": Field.objects.get(name="교통"),
        "district": "강북구",
        "address": "수유역 사거리",
        "time_band": "22:00-02:00",
        "visibility": Suggestion.Visibility.PUBLIC,
    }
    data.update(overrides)
    return services.file_suggestion(author, **data)


def proposer_notifications(suggestion: Suggestion) -> list[Notification]:
    return list(Notification.objects.filter(suggestion=suggestion, user=suggestion.author).order_by("key"))
