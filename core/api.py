"""The one DRF exception handler (REST_FRAMEWORK["EXCEPTION_HANDLER"]): services raise plain Django and
domain exceptions, and this turns each into the same response wherever it is raised.

DomainError → 409 with its message and code; Django ValidationError → 400 with the message dict (or
list); PermissionDenied → 403 and Http404 → 404 (DRF's own mapping, one text for missing and forbidden)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("지금 상태에서는 할 수 없는 작업입니다.")
    default_code = "invalid_transition"


def as_api_exception(exc: Exception) -> Exception:
    """The DRF exception a domain or Django refusal answers as; anything else unchanged."""
    if isinstance(exc, DomainError):
        return Conflict(detail=exc.message or None, code=exc.code)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    return drf_exception_handler(as_api_exception(exc), context)
