"""The suggestion state machine: one table of allowed transitions, enforced by every service.

    submitted → received → assigned → under_review → answered → implemented
    received/assigned/under_review ⇄ supplement (보완 요청 pauses the clock; the supplement resumes it)
    assigned/under_review → assigned (HQ reassignment, approved 이송)
    any open state → withdrawn (by the author, before an answer) or merged (duplicate of another)

Illegal transitions raise `WorkflowError` with a Korean message that names both states.
"""

from __future__ import annotations

from django.utils.translation import gettext

from core.errors import DomainError

from .models import Suggestion

S = Suggestion.Status

OPEN_STATES: frozenset[str] = frozenset({S.SUBMITTED, S.RECEIVED, S.ASSIGNED, S.UNDER_REVIEW, S.SUPPLEMENT})
# States in which the department's clock runs (a paused suggestion's clock does not).
CLOCK_STATES: frozenset[str] = frozenset({S.RECEIVED, S.ASSIGNED, S.UNDER_REVIEW})
CLOSED_STATES: frozenset[str] = frozenset({S.ANSWERED, S.IMPLEMENTED, S.WITHDRAWN, S.MERGED})
# Ended without an answer: left out of HQ's topic counts and of "similar" suggestions.
INACTIVE_STATES: frozenset[str] = frozenset({S.WITHDRAWN, S.MERGED})
ANSWERED_STATES: frozenset[str] = frozenset({S.ANSWERED, S.IMPLEMENTED})

# from-state → the states it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.RECEIVED, S.WITHDRAWN, S.MERGED}),
    S.RECEIVED: frozenset({S.ASSIGNED, S.SUPPLEMENT, S.WITHDRAWN, S.MERGED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.UNDER_REVIEW, S.SUPPLEMENT, S.WITHDRAWN, S.MERGED}),
    S.UNDER_REVIEW: frozenset({S.ASSIGNED, S.ANSWERED, S.SUPPLEMENT, S.WITHDRAWN, S.MERGED}),
    # The supplement returns to the status it interrupted (checked against paused_from_status).
    S.SUPPLEMENT: frozenset({S.RECEIVED, S.ASSIGNED, S.UNDER_REVIEW, S.WITHDRAWN, S.MERGED}),
    S.ANSWERED: frozenset({S.IMPLEMENTED}),
    S.IMPLEMENTED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.MERGED: frozenset(),
}


class WorkflowError(DomainError):
    """An action that the suggestion's current state (or the rules) do not allow."""

    def __init__(self, message: str, code: str = "invalid_transition"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


def label(status: str) -> str:
    try:
        return str(S(status).label)
    except ValueError:
        return status


def can_transition(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def check_transition(from_status: str, to_status: str) -> None:
    if not can_transition(from_status, to_status):
        raise WorkflowError(
            gettext("‘%(from)s’ 상태의 제안은 ‘%(to)s’(으)로 바꿀 수 없습니다.")
            % {"from": label(from_status), "to": label(to_status)},
        )


def require_status(suggestion: Suggestion, allowed: set[str] | frozenset[str], action: str) -> None:
    """For actions that do not change the status (answer drafts, site checks, extensions)."""
    if suggestion.status not in allowed:
        raise WorkflowError(
            gettext("‘%(status)s’ 상태의 제안에는 %(action)s을(를) 할 수 없습니다.")
            % {"status": label(suggestion.status), "action": action}
        )
