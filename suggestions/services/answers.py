"""Official answers: the officer's draft, 상신 (submit), the head's 결재 (approve) or 반려 (return),
corrections as new versions, and 반영 완료 (implemented)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from partners import access

from ..models import Answer, Suggestion, TimelineEvent
from ..text import html_to_text, sanitize
from ..workflow import WorkflowError, require_status
from .events import _actor, _deny, _lock, _move, _principal, is_system, record_event

S = Suggestion.Status
K = TimelineEvent.Kind
A = Answer.State


OPEN_ANSWER_STATES = (A.DRAFT, A.PENDING, A.RETURNED)


def save_answer_draft(
    user,
    suggestion: Suggestion,
    *,
    decision: str,
    body: str,
    answer: Answer | None = None,
    correction_reason: str = "",
) -> Answer:
    """An officer writes (or edits) the draft. After publication a new draft is a correction."""
    if not (is_system(user) or access.can_answer(_principal(user), suggestion)):
        raise _deny(gettext("이 제안의 담당 부서만 답변할 수 있습니다."))
    errors = {}
    if decision not in Answer.Decision.values:
        errors["decision"] = gettext("결정을 선택해 주세요.")
    body_html = sanitize(body)
    if not html_to_text(body_html):
        errors["body"] = gettext("답변 내용을 입력해 주세요.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, {S.ASSIGNED, S.UNDER_REVIEW, S.ANSWERED, S.IMPLEMENTED}, gettext("답변 작성"))
        published = s.answers.filter(state=A.PUBLISHED).first()
        if published is not None and not correction_reason.strip():
            raise ValidationError(
                {"correction_reason": gettext("게시된 답변은 고칠 수 없습니다. 정정 사유를 입력해 새 판을 만드세요.")}
            )
        if answer is not None:
            a = Answer.objects.select_for_update().get(pk=answer.pk, suggestion=s)
            if a.state not in (A.DRAFT, A.RETURNED):
                raise WorkflowError(gettext("결재 중이거나 게시된 답변은 고칠 수 없습니다."), code="answer_locked")
            a.decision, a.body = decision, body_html
            a.correction_reason = correction_reason.strip()
            a.state = A.DRAFT
            a.author = _actor(user)
            a.save()
            created = False
        else:
            if s.answers.filter(state__in=OPEN_ANSWER_STATES).exists():
                raise WorkflowError(
                    gettext("작성 중인 답변이 이미 있습니다. 그 답변을 고쳐 주세요."), code="open_draft"
                )
            version = (s.answers.aggregate(v=Max("version"))["v"] or 0) + 1
            assert s.department is not None  # every status that may be answered is a routed one
            a = Answer.objects.create(
                suggestion=s,
                department=s.department,
                version=version,
                decision=decision,
                body=body_html,
                correction_reason=correction_reason.strip(),
                author=_actor(user),
            )
            created = True
        if s.status == S.ASSIGNED:
            old = _move(s, S.UNDER_REVIEW)
            s.save(update_fields=["status", "updated_at"])
            record_event(s, user, K.REVIEW_STARTED, from_status=old, to_status=S.UNDER_REVIEW)
        record_event(
            s,
            user,
            K.ANSWER_DRAFTED if created else K.ANSWER_EDITED,
            police_only=True,
            index=False,
            answer=a.pk,
            version=a.version,
        )
    return a


def submit_answer(user, answer: Answer) -> Answer:
    """상신: draft → pending (the department head's approval queue)."""
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
        a.save(update_fields=["state", "submitted_at"])
        record_event(
            a.suggestion, user, K.ANSWER_SUBMITTED, police_only=True, index=False, answer=a.pk, version=a.version
        )
    return a


def approve_answer(user, answer: Answer) -> Answer:
    """결재: the head publishes the answer; a previous published version becomes SUPERSEDED."""
    if not (is_system(user) or access.can_approve(_principal(user), answer.suggestion)):
        raise _deny(gettext("담당 부서장만 결재할 수 있습니다."))
    with transaction.atomic():
        s = _lock(answer.suggestion)
        a = Answer.objects.select_for_update().get(pk=answer.pk)
        if a.state != A.PENDING:
            raise WorkflowError(
                gettext("‘%(state)s’ 상태의 답변은 결재할 수 없습니다.") % {"state": a.get_state_display()}
            )
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
        a.published_at = timezone.now()
        a.return_comment = ""
        a.save(update_fields=["state", "approver", "published_at", "return_comment"])
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
    """반려: the head returns the draft to the officer with a comment."""
    if not access.can_approve(_principal(user), answer.suggestion):
        raise _deny(gettext("담당 부서장만 반려할 수 있습니다."))
    if not comment.strip():
        raise ValidationError({"comment": gettext("반려 사유를 입력해 주세요.")})
    with transaction.atomic():
        a = Answer.objects.select_for_update().get(pk=answer.pk)
        if a.state != A.PENDING:
            raise WorkflowError(
                gettext("‘%(state)s’ 상태의 답변은 반려할 수 없습니다.") % {"state": a.get_state_display()}
            )
        a.state = A.RETURNED
        a.return_comment = comment.strip()
        a.approver = _actor(user)
        a.save(update_fields=["state", "return_comment", "approver"])
        record_event(
            a.suggestion,
            user,
            K.ANSWER_RETURNED,
            police_only=True,
            index=False,
            message=a.return_comment,
            answer=a.pk,
            version=a.version,
        )
    return a


def mark_implemented(user, suggestion: Suggestion, *, announcement=None, note: str = "") -> Suggestion:
    """반영 완료 (optionally linked to the announcement page that reports it)."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.IMPLEMENTED)
        s.implemented_at = timezone.now()
        s.implemented_announcement = announcement
        s.save(update_fields=["status", "implemented_at", "implemented_announcement", "updated_at"])
        record_event(
            s,
            user,
            K.IMPLEMENTED,
            from_status=old,
            to_status=S.IMPLEMENTED,
            message=note.strip(),
            announcement=announcement.pk if announcement else None,
        )
    return s
