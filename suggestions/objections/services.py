"""이의신청 writes: the proposer files one per published answer version; the department takes it up
(처리 중) and answers it (완료). Each write records the audit trail and tells the other side."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from core import audit
from partners import access
from partners.models import OfficerMembership

from .. import deadlines, notifications
from ..models import Suggestion
from ..services.events import _lock
from ..services.participation import published_answer_of
from ..text import html_to_text
from ..workflow import ANSWERED_STATES, WorkflowError, require_status
from .models import OBJECTION_BUSINESS_DAYS, Objection

MAX_TEXT = 4000


def _text(value: str, field: str, message: str) -> str:
    text = html_to_text(value or "").strip()
    if not text:
        raise ValidationError({field: message})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: gettext("%(n)d자 이내로 적어 주세요.") % {"n": MAX_TEXT}})
    return text


def _department_users(department_id: int | None):
    if department_id is None:
        return get_user_model().objects.none()
    rows = OfficerMembership.objects.filter(department_id=department_id, is_active=True)
    return get_user_model().objects.filter(pk__in=rows.values("user_id"), is_active=True)


def _open_callback_case(s: Suggestion, user) -> None:
    """The objection enters the 청렴 콜 queue too, in the same transaction."""
    from ..callbacks.services import open_case  # at call time: callbacks.services imports suggestions' services

    open_case(s, "objection", actor=user)


def file_objection(user, suggestion: Suggestion, reason: str) -> Objection:
    """이의신청 against the answer in force, by the proposer; due in 14 business days."""
    principal = access.principal_for(user)
    if not access.can_object(principal, suggestion):
        raise Http404  # not the proposer: like a missing proposal
    text = _text(reason, "reason", gettext("이의신청 사유를 적어 주세요."))
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, ANSWERED_STATES, gettext("이의신청"))
        answer = published_answer_of(s)
        if answer is None:
            raise WorkflowError(gettext("게시된 답변이 없어 이의신청을 할 수 없습니다."), code="no_answer")
        due = deadlines.add_business_days(deadlines.local_today(), OBJECTION_BUSINESS_DAYS)
        try:
            with transaction.atomic():
                obj = Objection.objects.create(suggestion=s, answer=answer, user=user, reason=text, due_date=due)
        except IntegrityError:
            raise WorkflowError(
                gettext("이 답변에는 이미 이의신청을 하셨습니다. 답변이 정정되면 다시 신청할 수 있습니다."),
                code="already_objected",
            ) from None
        audit.record(user, "objection.filed", obj, suggestion=s.pk, answer=answer.pk, due=due.isoformat())
        message = gettext("제안 ‘%(title)s’의 답변(v%(version)d)에 이의신청이 접수되었습니다. 처리 기한: %(due)s") % {
            "title": s.title,
            "version": answer.version,
            "due": due.isoformat(),
        }
        for officer in _department_users(s.department_id):
            notifications.deliver(
                officer,
                kind="objection_filed",
                message=message,
                key=f"objection:{obj.pk}:filed",
                suggestion=s,
                link=notifications._link(s, for_police=True),
            )
        _open_callback_case(s, user)
    return obj


def _lock_objection(principal: access.Principal, objection: Objection) -> Objection:
    obj = Objection.objects.select_for_update().select_related("suggestion", "answer").get(pk=objection.pk)
    if not access.can_respond_objection(principal, obj.suggestion):
        raise Http404
    return obj


def start_objection(user, objection: Objection) -> Objection:
    """처리 중: the department has taken the objection up (the proposer sees the state)."""
    with transaction.atomic():
        obj = _lock_objection(access.principal_for(user), objection)
        if obj.state != Objection.State.RECEIVED:
            raise WorkflowError(gettext("접수 상태의 이의신청만 처리 중으로 바꿀 수 있습니다."), code="not_received")
        obj.state = Objection.State.IN_PROGRESS
        obj.responder = user
        obj.save(update_fields=["state", "responder"])
        audit.record(user, "objection.started", obj, suggestion=obj.suggestion_id)
    return obj


def respond_objection(user, objection: Objection, response: str) -> Objection:
    """완료: the department's answer to the objection; the proposer is told."""
    text = _text(response, "response", gettext("이의신청에 대한 답변을 적어 주세요."))
    with transaction.atomic():
        obj = _lock_objection(access.principal_for(user), objection)
        if obj.state == Objection.State.DONE:
            raise WorkflowError(gettext("이미 답변한 이의신청입니다."), code="already_answered")
        obj.state, obj.response, obj.responder, obj.responded_at = Objection.State.DONE, text, user, timezone.now()
        obj.save(update_fields=["state", "response", "responder", "responded_at"])
        audit.record(user, "objection.answered", obj, suggestion=obj.suggestion_id)
        s = obj.suggestion
        if obj.user.is_active:
            notifications.deliver(
                obj.user,
                kind="objection_answered",
                message=gettext("제안 ‘%(title)s’에 대한 이의신청에 답변이 등록되었습니다.") % {"title": s.title},
                key=f"objection:{obj.pk}:answered",
                suggestion=s,
                link=notifications._link(s),
            )
    return obj
