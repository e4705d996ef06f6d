"""Wagtail admin create / edit / delete views that write an audit row (core.audit.record) for every
change of a row that grants a permission (memberships and their roles, officer posts): the audit-log
viewer shows who changed whose access, and how."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from wagtail.admin.views.generic import CreateView, DeleteView, EditView

from core.audit import record

Data = Callable[[Any], dict[str, Any]]


def role_data(obj: models.Model) -> dict[str, Any]:
    """Who, where and with which role: the fields of Membership / OfficerMembership that grant access."""
    data: dict[str, Any] = {"user": getattr(obj, "user_id", None), "role": getattr(obj, "role", "")}
    for name in ("group_id", "department_id"):
        if hasattr(obj, name):
            data[name.removesuffix("_id")] = getattr(obj, name)
    data["is_active"] = getattr(obj, "is_active", True)
    return data


def audited_views(action: str, data: Data = role_data) -> tuple[type, type, type]:
    """(`add_view_class`, `edit_view_class`, `delete_view_class`) for a ModelViewSet; the audit action
    is f"{action}_saved" (with what it was before, on an edit) or f"{action}_deleted"."""

    class AuditedCreateView(CreateView):
        def save_instance(self):
            with transaction.atomic():
                obj = super().save_instance()
                record(self.request.user, f"{action}_saved", obj, created=True, **data(obj))
            return obj

    class AuditedEditView(EditView):
        def save_instance(self):
            before = data(type(self.object).objects.get(pk=self.object.pk))
            with transaction.atomic():
                obj = super().save_instance()
                record(self.request.user, f"{action}_saved", obj, before=before, **data(obj))
            return obj

    class AuditedDeleteView(DeleteView):
        def delete_action(self):
            with transaction.atomic():
                record(self.request.user, f"{action}_deleted", self.object, **data(self.object))
                super().delete_action()

    return AuditedCreateView, AuditedEditView, AuditedDeleteView
