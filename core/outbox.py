"""Transactional outbox: the one way the project queues Celery tasks.

`enqueue()` stores the task in the current transaction and publishes it on commit. A rolled-back
transaction therefore queues nothing, and a broker that is down leaves the row pending for
`relay_pending()` to publish later.
"""

import logging
import threading
import time
from typing import Any

from celery import current_app
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# After the broker refuses a publish, requests stop trying for a while and leave their messages to
# the relay: otherwise every write during an outage would wait for the connection timeout.
BROKER_RETRY_AFTER = 15.0
_broker_down_until = 0.0
_breaker_lock = threading.Lock()


def broker_marked_down() -> bool:
    return time.monotonic() < _broker_down_until


def mark_broker(up: bool) -> None:
    global _broker_down_until
    with _breaker_lock:
        _broker_down_until = 0.0 if up else time.monotonic() + BROKER_RETRY_AFTER


def enqueue(task_name: str, *args: Any, **kwargs: Any) -> OutboxMessage:
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args), kwargs=kwargs)
    # robust: the write has committed; a failed publish must not turn it into an error (the relay retries).
    transaction.on_commit(lambda: None if broker_marked_down() else publish(message.pk), robust=True)
    return message


def publish(message_id: int) -> bool:
    """Send one pending message to the broker; False (and the row kept) when the broker is down."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, published_at__isnull=True)
            .first()
        )
        if message is None:
            return True
        try:
            # current_app: the project's Celery app, loaded by config (which core must not import).
            current_app.send_task(message.task_name, args=message.args, kwargs=message.kwargs, retry=False)
        except Exception as exc:  # the broker is unreachable: keep the row for the relay
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            message.save(update_fields=["attempts", "last_error"])
            logger.warning("outbox: could not publish %s (%s); kept for relay", message, exc)
            mark_broker(up=False)
            return False
        mark_broker(up=True)
        message.published_at = timezone.now()
        message.save(update_fields=["published_at"])
        return True


def relay_pending(limit: int = 500) -> int:
    """Publish messages the on-commit hook could not; returns how many went out."""
    sent = 0
    ids = list(
        OutboxMessage.objects.filter(published_at__isnull=True).order_by("id").values_list("pk", flat=True)[:limit]
    )
    for message_id in ids:
        if not publish(message_id):
            break  # broker still down; try again on the next run
        sent += 1
    return sent
