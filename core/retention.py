"""Pruning the outbox: published messages are kept `OUTBOX_RETENTION_DAYS` (for tracing), then
deleted; a message not yet published is never pruned (a broker outage delays, never loses)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import OutboxMessage


def prune_outbox(now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    return OutboxMessage.objects.filter(published_at__isnull=False, published_at__lt=cutoff).delete()[0]
