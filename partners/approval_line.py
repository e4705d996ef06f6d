"""A department's answer approval line (결재선): its configured `ApprovalStep`s in order, or, where
none are configured, the single head approval every department had before."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_

from .models import ApprovalStep, OfficerMembership


@dataclass(frozen=True)
class Step:
    number: int  # 1-based position in the line
    label: str
    role: str  # an OfficerMembership.Role, or "" when `user_id` names the approver
    user_id: int | None


DEFAULT_LINE = (Step(1, N_("부서장 결재"), OfficerMembership.Role.HEAD, None),)


def approval_line(department_id: int) -> tuple[Step, ...]:
    steps = ApprovalStep.objects.filter(department_id=department_id).order_by("order")
    line = tuple(Step(i, s.label, s.role, s.user_id) for i, s in enumerate(steps, start=1))
    return line or DEFAULT_LINE
