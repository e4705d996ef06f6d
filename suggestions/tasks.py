"""Celery tasks (thin): they call suggestions.notifications. Queued only through core.outbox."""

from celery import shared_task

from . import delegation_notices, escalation, notifications
from .services import deadline_rules


@shared_task(name="suggestions.send_notification", ignore_result=True, acks_late=True)
def send_notification(event_id: int) -> int:
    """Record who hears about one timeline event (queues one deliver_notification per e-mail/SMS)."""
    return notifications.deliver_event(event_id)


@shared_task(name="suggestions.notify_delegation", ignore_result=True, acks_late=True)
def notify_delegation(delegation_id: int) -> int:
    """Tell the deputy a head named (대결 지정), with the approvals already waiting."""
    return delegation_notices.notify_delegation(delegation_id)


@shared_task(name="suggestions.deliver_notification", ignore_result=True, acks_late=True)
def deliver_notification(notification_id: int, attempts: int | None = None) -> bool:
    """One try of one e-mail/SMS row (the `attempts`-th + 1); a failure is recorded on the row and
    the row is queued again by retry_notifications once its backoff is over."""
    return notifications.send_one(notification_id, attempts)


@shared_task(name="suggestions.retry_notifications", ignore_result=True)
def retry_notifications() -> int:
    return notifications.queue_due()


@shared_task(name="suggestions.send_deadline_reminders", ignore_result=True)
def send_deadline_reminders() -> int:
    return notifications.send_deadline_reminders()


@shared_task(name="suggestions.send_overdue_digest", ignore_result=True)
def send_overdue_digest() -> int:
    return notifications.send_overdue_digest()


@shared_task(name="suggestions.send_head_overdue_digests", ignore_result=True)
def send_head_overdue_digests() -> int:
    return escalation.send_head_overdue_digests()


@shared_task(name="suggestions.send_hq_weekly_department_digest", ignore_result=True)
def send_hq_weekly_department_digest() -> int:
    return escalation.send_hq_weekly_department_digest()


@shared_task(name="suggestions.send_interim_notices", ignore_result=True)
def send_interim_notices() -> int:
    return deadline_rules.send_interim_notices()


@shared_task(name="suggestions.prune_retention", ignore_result=True)
def prune_retention() -> int:
    """Daily: notifications and old timelines past their retention (suggestions.retention)."""
    from . import retention

    return retention.prune_notifications() + retention.prune_timeline()


@shared_task(name="suggestions.refresh_public_stats", ignore_result=True)
def refresh_public_stats(force: bool = False) -> bool:
    """After writes (queued by each one, a burst costs one recompute) and hourly with force=True."""
    from . import public_stats

    return public_stats.refresh(force=force)


from .callbacks.tasks import open_overdue_callbacks  # noqa: E402, F401  (registered by import)
from .referrals.tasks import send_referral_mail, send_referral_reminders  # noqa: E402, F401  (registered by import)
