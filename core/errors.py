"""The domain's own refusal: an action the rules or the current state do not allow (not a permission
question — that is `django.core.exceptions.PermissionDenied`). The API answers it with 409
(`core.api.exception_handler`); pages show its message (`core.http.refusal_text`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class DomainError(Exception):
    """`message` is shown to the user (already translated); `code` is the API's machine-readable code."""

    default_code = "conflict"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code

    def __str__(self) -> str:
        return self.message


# What a service raises when it declines (bad input, not allowed now, no permission); anything else is a bug.
REFUSALS: tuple[type[Exception], ...] = (ValidationError, DomainError, PermissionDenied)
