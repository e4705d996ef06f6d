"""Celery queues: work split by kind so each kind scales on its own worker pool (docs/deployment.md).

A queue's name is derived from the settings' default queue (`cheong` → `cheong.indexing`), so a test
run or the benchmark, which have their own default queue, also get their own indexing, notification
and digest queues on a shared Redis. Settings call `task_routes()` after they set the default queue.
"""

from __future__ import annotations

DEFAULT = "default"
INDEXING = "indexing"
NOTIFICATIONS = "notifications"
DIGESTS = "digests"
KINDS = (DEFAULT, INDEXING, NOTIFICATIONS, DIGESTS)

# Task name (or glob) → queue kind; anything unlisted (outbox relay, retention, appointments) is `default`.
TASK_KINDS: dict[str, str] = {
    "search.index_*": INDEXING,
    "search.reconcile*": INDEXING,
    "suggestions.send_notification": NOTIFICATIONS,
    "suggestions.notify_delegation": NOTIFICATIONS,
    "suggestions.deliver_notification": NOTIFICATIONS,
    "suggestions.retry_notifications": NOTIFICATIONS,
    "search.weekly_digest": DIGESTS,
    "suggestions.send_deadline_reminders": DIGESTS,
    "suggestions.send_overdue_digest": DIGESTS,
    "suggestions.send_head_overdue_digests": DIGESTS,
    "suggestions.send_hq_weekly_department_digest": DIGESTS,
    "suggestions.send_interim_notices": DIGESTS,
    "suggestions.refresh_public_stats": DIGESTS,  # an aggregate over every suggestion: never ahead of indexing
    "suggestions.send_referral_mail": NOTIFICATIONS,  # e-mail to an agency, like any notification
    "suggestions.send_referral_reminders": DIGESTS,
    "suggestions.open_overdue_callbacks": DIGESTS,
    "briefings.generate": DIGESTS,  # minutes of work: never ahead of indexing or notifications
}


def queue_name(default_queue: str, kind: str) -> str:
    """The broker queue of `kind`: the default queue itself, or `<default>.<kind>`."""
    if kind not in KINDS:
        raise ValueError(f"unknown queue kind {kind!r}; one of {', '.join(KINDS)}")
    return default_queue if kind == DEFAULT else f"{default_queue}.{kind}"


def all_queues(default_queue: str) -> list[str]:
    """Every queue, for a worker that does all the work (make run, the test worker)."""
    return [queue_name(default_queue, kind) for kind in KINDS]


def task_routes(default_queue: str, extra: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """CELERY_TASK_ROUTES for `default_queue`; `extra` adds task → kind entries (the test-only tasks)."""
    kinds = {**TASK_KINDS, **(extra or {})}
    return {task: {"queue": queue_name(default_queue, kind)} for task, kind in kinds.items()}
