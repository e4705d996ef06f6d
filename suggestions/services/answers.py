"""Official answers: the officer's draft, corrections as new versions, and 반영 완료 (implemented).
상신, 결재 and 반려 along the department's approval line are in `approval`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from partners import access

from ..following.services import record_implementation
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


def mark_implemented(
    user,
    suggestion: Suggestion,
    *,
    summary: str = "",
    implemented_on: dt.date | None = None,
    announcement=None,
    note: str = "",
) -> Suggestion:
    """반영 완료 with its record of what changed (`summary`, the note when none is given), the date
    and optionally the announcement page that reports it. The proposer and followers are told."""
    if not access.can_mark_implemented(_principal(user), suggestion):
        raise _deny()
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.IMPLEMENTED)
        record_implementation(
            user, s, summary=summary or note, implemented_on=implemented_on, announcement=announcement
        )
        s.implemented_at = timezone.now()
        s.implemented_announcement = announcement
        s.save(update_fields=["status", "implemented_at", "implemented_announcement", "updated_at"])
        record_event(
            s,
            user,
            K.IMPLEMENTED,
            from_status=old,
            to_status=S.IMPLEMENTED,
            message=(note or summary).strip()[:500],
            announcement=announcement.pk if announcement else None,
        )
    return s
