from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import AuditLog


def _row(actor, action: str, obj: models.Model, data: dict[str, Any]) -> AuditLog:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLog(actor=user, action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk), data=data)


def record(actor, action: str, obj: models.Model, **data: Any) -> AuditLog:
    """Write one audit row; call it inside the same transaction as the change it records."""
    row = _row(actor, action, obj, data)
    row.save()
    return row


def record_many(actor, action: str, items: Iterable[tuple[models.Model, dict[str, Any]]]) -> int:
    """One audit row per (object, data), in one INSERT (e.g. every row of a list page a user was shown)."""
    return len(AuditLog.objects.bulk_create([_row(actor, action, obj, data) for obj, data in items]))
