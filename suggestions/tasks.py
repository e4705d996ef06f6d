"""Celery tasks (thin): they call suggestions.notifications. Queued only through core.outbox."""

from celery import shared_task

from . import notifications


@shared_task(name="suggestions.send_notification", ignore_result=True, acks_late=True)
def send_notification(event_id: int) -> int:
    return notifications.deliver_event(event_id)


@shared_task(name="suggestions.send_deadline_reminders", ignore_result=True)
def send_deadline_reminders() -> int:
    return notifications.send_deadline_reminders()


@shared_task(name="suggestions.send_overdue_digest", ignore_result=True)
def send_overdue_digest() -> int:
    return notifications.send_overdue_digest()
