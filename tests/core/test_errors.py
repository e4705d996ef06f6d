"""core.api.exception_handler: one mapping from service refusals to API responses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.api import exception_handler
from core.errors import REFUSALS, DomainError
from core.http import refusal_text
from suggestions.workflow import WorkflowError


def test_refusals_map_to_one_status_each():
    conflict = exception_handler(DomainError("지금은 안 됩니다.", code="too_late"), {})
    assert conflict is not None and conflict.status_code == 409
    assert conflict.data["detail"] == "지금은 안 됩니다." and conflict.data["detail"].code == "too_late"
    workflow = exception_handler(WorkflowError("상태가 다릅니다."), {})
    assert workflow is not None and workflow.status_code == 409 and workflow.data["detail"].code == "invalid_transition"
    invalid = exception_handler(ValidationError({"score": ["1~5"]}), {})
    assert invalid is not None and invalid.status_code == 400 and invalid.data == {"score": ["1~5"]}
    flat = exception_handler(ValidationError("잘못된 값"), {})
    assert flat is not None and flat.status_code == 400 and flat.data == ["잘못된 값"]
    denied = exception_handler(PermissionDenied("권한 없음"), {})
    assert denied is not None and denied.status_code == 403
    missing = exception_handler(Http404("제안을 찾을 수 없습니다."), {})
    assert missing is not None and missing.status_code == 404
    assert exception_handler(RuntimeError("bug"), {}) is None  # not a refusal: DRF lets it raise (500)


def test_pages_read_the_same_refusals():
    assert issubclass(WorkflowError, DomainError) and set(REFUSALS) == {ValidationError, DomainError, PermissionDenied}
    assert refusal_text(ValidationError(["하나", "둘"])) == "하나 둘"
    assert refusal_text(WorkflowError("상태가 다릅니다.")) == "상태가 다릅니다."
    assert refusal_text(PermissionDenied())  # never an empty message
