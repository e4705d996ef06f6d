"""결재: an answer's way from 상신 (submit) through the department's approval line to publication.

The line is `partners.approval_line` (configured steps, e.g. 팀장 → 부서장; none: the head alone).
The current step's approver is stored on the answer (`step_*`) so the queue is one query; each
step's approval is appended to `answer.approvals` and recorded on the timeline. A deputy's approval
during a delegation is recorded as 대결 (who, on whose behalf); a return at any step sends the
answer back to the officer; HQ/admin can give a stuck step to another approver.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partners import access
from partners.approval_line import Step, approval_line
from partners.models import OfficerMembership

from ..events_catalogue import timeline_text
from ..models import Answer, Suggestion, TimelineEvent
from ..workflow import WorkflowError
from .events import _actor, _deny, _lock, _move, _principal, is_system, record_event

S = Suggestion.Status
K = TimelineEvent.Kind
A = Answer.State


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile else "") or user.get_username()


def _set_step(a: Answer, step: Step | None) -> None:
    a.step = step.number if step else 0
    a.step_label = step.label if step else ""
    a.step_role = step.role if step else ""
    a.step_approver_id = step.user_id if step else None


def _step_data(a: Answer) -> dict:
    """The step an event hands the answer to (who is told: Audience.APPROVERS)."""
    return {"step": a.step, "step_role": a.step_role, "step_approver": a.step_approver_id}


def _pending(answer: Answer, verb: str) -> Answer:
    a = Answer.objects.select_for_update().get(pk=answer.pk)
    if a.state != A.PENDING:
        state = a.get_state_display()
        raise WorkflowError(
            gettext("‘%(state)s’ 상태의 답변은 %(verb)s할 수 없습니다.") % {"state": state, "verb": verb}
        )
    return a


def _may_act(user, answer: Answer) -> tuple[bool, int | None]:
    """Before the row lock: the step's approver for a pending answer; for any other state, whoever may
    see the department's drafts (they are told the state is wrong, not that they lack permission)."""
    principal = _principal(user)
    if answer.state != A.PENDING:
        return access.can_view_answer_drafts(principal, answer.suggestion), None
    return access.answer_approval(principal, answer)


def submit_answer(user, answer: Answer) -> Answer:
    """상신: draft → pending at the first step of the department's approval line."""
    if not (is_system(user) or access.can_answer(_principal(user), answer.suggestion)):
        raise _deny()
    with transaction.atomic():
        a = Answer.objects.select_for_update().get(pk=answer.pk)
        if a.state not in (A.DRAFT, A.RETURNED):
            raise WorkflowError(
                gettext("‘%(state)s’ 상태의 답변은 결재를 올릴 수 없습니다.") % {"state": a.get_state_display()}
            )
        a.state = A.PENDING
        a.submitted_at = timezone.now()
        a.approvals = []
        a.on_behalf_of = None
        _set_step(a, approval_line(a.department_id)[0])
        a.save()
        record_event(
            a.suggestion,
            user,
            K.ANSWER_SUBMITTED,
            police_only=True,
            index=False,
            answer=a.pk,
            version=a.version,
            **_step_data(a),
        )
    return a


def approve_answer(user, answer: Answer) -> Answer:
    """결재 of the current step: the next step waits, or after the last one the answer is published
    (a previous published version becomes SUPERSEDED). The importer (system) publishes at once."""
    system = is_system(user)
    allowed, on_behalf_id = (True, None) if system else _may_act(user, answer)
    if not allowed:
        raise _deny(gettext("이 단계의 결재권자(부서장 또는 지정된 대결자)만 결재할 수 있습니다."))
    with transaction.atomic():
        s = _lock(answer.suggestion)
        a = _pending(answer, gettext("결재"))
        if not system:  # the row may have moved on since the check (another approver, a reassignment)
            allowed, on_behalf_id = access.answer_approval(_principal(user), a)
            if not allowed:
                raise _deny(gettext("이 단계의 결재권자(부서장 또는 지정된 대결자)만 결재할 수 있습니다."))
        line = approval_line(a.department_id)
        on_behalf = get_user_model().objects.filter(pk=on_behalf_id).first() if on_behalf_id else None
        if not system:
            a.approvals = [*a.approvals, _approval_record(a, user, on_behalf)]
            if on_behalf is not None:
                names = {"deputy_name": _name(user), "head_name": _name(on_behalf)}
                record_event(
                    s,
                    user,
                    K.DELEGATED_APPROVAL,
                    police_only=True,
                    index=False,
                    message=timeline_text(K.DELEGATED_APPROVAL, **names),
                    deputy_name=names["deputy_name"],
                    head_name=names["head_name"],
                    answer=a.pk,
                    version=a.version,
                    step=a.step,
                    on_behalf_of=on_behalf.pk,
                )
        if not system and a.step < len(line):
            done = a.step
            _set_step(a, line[a.step])  # line[i] is step i + 1: the next one
            a.save(update_fields=["approvals", "step", "step_label", "step_role", "step_approver"])
            record_event(
                s,
                user,
                K.ANSWER_STEP_APPROVED,
                police_only=True,
                index=False,
                message=line[done - 1].label,
                answer=a.pk,
                version=a.version,
                approved_step=done,
                **_step_data(a),
            )
            return a
        return _publish(s, a, user, on_behalf)


def _approval_record(a: Answer, user, on_behalf) -> dict:
    return {
        "step": a.step,
        "label": a.step_label,
        "user": user.pk,
        "user_name": _name(user),
        "on_behalf_of": on_behalf.pk if on_behalf else None,
        "on_behalf_of_name": _name(on_behalf) if on_behalf else "",
        "at": timezone.now().isoformat(),
    }


def _publish(s: Suggestion, a: Answer, user, on_behalf) -> Answer:
    previous = list(s.answers.select_for_update().filter(state=A.PUBLISHED).exclude(pk=a.pk))
    correction = bool(previous)
    if not correction:
        old = _move(s, S.ANSWERED)
        s.answered_at = timezone.now()
        s.save(update_fields=["status", "answered_at", "updated_at"])
    else:
        old = s.status
    for p in previous:
        p.state = A.SUPERSEDED
        p.save(update_fields=["state"])
    a.state = A.PUBLISHED
    a.approver = _actor(user)
    a.on_behalf_of = on_behalf
    a.published_at = timezone.now()
    a.return_comment = ""
    _set_step(a, None)
    a.save()
    record_event(
        s,
        user,
        K.ANSWER_CORRECTED if correction else K.ANSWERED,
        from_status=old,
        to_status=s.status,
        message=a.correction_reason if correction else "",
        answer=a.pk,
        version=a.version,
        decision=a.decision,
        decision_label=str(a.get_decision_display()),
    )
    return a


def return_answer(user, answer: Answer, comment: str) -> Answer:
    """반려 at any step: the answer goes back to the officer with the reason (the line starts over
    at the next 상신)."""
    refusal = gettext("이 단계의 결재권자(부서장 또는 지정된 대결자)만 반려할 수 있습니다.")
    if not _may_act(user, answer)[0]:
        raise _deny(refusal)
    if not comment.strip():
        raise ValidationError({"comment": gettext("반려 사유를 입력해 주세요.")})
    with transaction.atomic():
        a = _pending(answer, gettext("반려"))
        allowed, on_behalf_id = access.answer_approval(_principal(user), a)
        if not allowed:
            raise _deny(refusal)
        step, label = a.step, a.step_label
        a.state = A.RETURNED
        a.return_comment = comment.strip()
        a.approver = _actor(user)
        _set_step(a, None)
        a.save()
        record_event(
            a.suggestion,
            user,
            K.ANSWER_RETURNED,
            police_only=True,
            index=False,
            message=a.return_comment,
            answer=a.pk,
            version=a.version,
            step=step,
            step_label=label,
            on_behalf_of=on_behalf_id,
        )
    return a


def reassign_approval(user, answer: Answer, to_user, reason: str) -> Answer:
    """HQ/admin give the current step of a stuck approval to another approver (police staff of the
    answer's department), with a reason; the new approver is told."""
    if not access.can_reassign_approval(_principal(user)):
        raise _deny(gettext("본청 또는 관리자만 결재자를 바꿀 수 있습니다."))
    errors = {}
    if not reason.strip():
        errors["reason"] = gettext("결재자를 바꾸는 사유를 입력해 주세요.")
    if (
        to_user is None
        or not OfficerMembership.objects.filter(
            user=to_user, user__is_active=True, department_id=answer.department_id, is_active=True
        ).exists()
    ):
        errors["to_user"] = gettext("새 결재자는 답변 부서의 경찰 직원이어야 합니다.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        a = _pending(answer, gettext("결재자 변경"))
        previous = a.step_approver_id
        a.step_approver = to_user
        a.save(update_fields=["step_approver"])
        record_event(
            a.suggestion,
            user,
            K.APPROVAL_REASSIGNED,
            police_only=True,
            index=False,
            message=reason.strip(),
            answer=a.pk,
            version=a.version,
            **_step_data(a),
            to_user=to_user.pk,
            to_user_name=_name(to_user),
            previous_approver=previous,
        )
    return a
