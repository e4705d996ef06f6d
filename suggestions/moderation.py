"""Reads for the moderation queue (Wagtail admin → 신고 검토): every item with open reports, and
every item still hidden. Writes are `suggestions.services.moderation`."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.http import Http404

from partners import access

from .models import ContentReport, Rating, Suggestion

QUEUE_LIMIT = 200


@dataclass
class QueueItem:
    suggestion: Suggestion
    rating: Rating | None
    open_reports: int = 0
    reasons: Counter = field(default_factory=Counter)
    latest: dt.datetime | None = None
    reports: list[ContentReport] = field(default_factory=list)  # filled for one item's page

    @property
    def target(self) -> str:
        return ContentReport.Target.RATING if self.rating is not None else ContentReport.Target.SUGGESTION

    @property
    def target_label(self) -> str:
        return str(ContentReport.Target(self.target).label)

    @property
    def hidden(self) -> bool:
        return (self.rating.comment_hidden_at if self.rating else self.suggestion.hidden_at) is not None

    @property
    def reason_labels(self) -> list[tuple[str, int]]:
        return [(str(ContentReport.Reason(r).label), n) for r, n in self.reasons.most_common()]


def _check(principal: access.Principal) -> None:
    if not access.can_moderate(principal):
        raise Http404


def queue(principal: access.Principal) -> list[QueueItem]:
    """Hidden items first, then by open reports (most first) and the latest report."""
    _check(principal)
    rows = (
        ContentReport.objects.filter(resolved_at__isnull=True)
        .values("suggestion_id", "rating_id", "reason")
        .annotate(n=Count("id"), latest=Max("created_at"))
    )
    keys: dict[tuple[int, int | None], dict] = {}
    for row in rows:
        entry = keys.setdefault((row["suggestion_id"], row["rating_id"]), {"reasons": Counter(), "latest": None})
        entry["reasons"][row["reason"]] += row["n"]
        entry["latest"] = max(filter(None, [entry["latest"], row["latest"]]))
    for pk in Suggestion.objects.filter(hidden_at__isnull=False).values_list("pk", flat=True)[:QUEUE_LIMIT]:
        keys.setdefault((pk, None), {"reasons": Counter(), "latest": None})
    for pk, sid in Rating.objects.filter(comment_hidden_at__isnull=False).values_list("pk", "suggestion_id")[
        :QUEUE_LIMIT
    ]:
        keys.setdefault((sid, pk), {"reasons": Counter(), "latest": None})
    suggestions = Suggestion.objects.select_related("department", "author").in_bulk([s for s, _ in keys])
    ratings = Rating.objects.in_bulk([r for _, r in keys if r is not None])
    items = [
        QueueItem(
            suggestion=suggestions[sid],
            rating=ratings.get(rid) if rid else None,
            open_reports=sum(v["reasons"].values()),
            reasons=v["reasons"],
            latest=v["latest"],
        )
        for (sid, rid), v in keys.items()
        if sid in suggestions
    ]
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    items.sort(key=lambda i: (not i.hidden, -i.open_reports, -(i.latest or epoch).timestamp()))
    return items[:QUEUE_LIMIT]


def item(principal: access.Principal, suggestion_id: int, target: str) -> QueueItem:
    """One item of the queue with its reports (`reports`, newest first); 404 for non-moderators."""
    _check(principal)
    s = Suggestion.objects.select_related("department", "author", "group").filter(pk=suggestion_id).first()
    if s is None or target not in ContentReport.Target.values:
        raise Http404
    rating = None
    if target == ContentReport.Target.RATING:
        rating = s.current_rating
        if rating is None:
            raise Http404
    reports = ContentReport.objects.filter(suggestion=s, rating=rating).select_related("reporter", "resolved_by")
    open_reasons = Counter(r.reason for r in reports if r.resolved_at is None)
    return QueueItem(
        suggestion=s,
        rating=rating,
        open_reports=sum(open_reasons.values()),
        reasons=open_reasons,
        reports=list(reports),
    )
