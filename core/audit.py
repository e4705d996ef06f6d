from typing import Any

from django.db import models

from .models import AuditLog


def record(actor, action: str, obj: models.Model, **data: Any) -> AuditLog:
    """Write one audit row; call it inside the same transaction as the change it records."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )
