"""The one HTML-side way to turn a refusal into something the user reads: a message on the next page
(`report_refusal`) or errors on the form (`apply_errors`), for the exceptions in `REFUSALS`
(core.errors); anything else is a bug and propagates."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext

from .errors import REFUSALS

__all__ = ["REFUSALS", "apply_errors", "refusal_text", "report_refusal"]


def refusal_text(exc: Exception) -> str:
    """One line for the user: a ValidationError's messages joined, else the exception's message."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or gettext("이 작업을 할 수 없습니다.")


def report_refusal(request: HttpRequest, exc: Exception) -> None:
    messages.error(request, refusal_text(exc))


def apply_errors(form: forms.BaseForm, exc: Exception) -> None:
    """A service's refusal onto the form: a ValidationError's fields onto those fields (when the form
    has them), everything else as a non-field error."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields else None
            for e in errors:
                form.add_error(target, e)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc)
    else:
        form.add_error(None, refusal_text(exc))
