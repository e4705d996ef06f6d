"""청렴 콜 writes: one function per write, each audited in its own transaction (or the caller's, for
`open_case`), every step notified. Refusals: PermissionDenied (no right), ValidationError (bad
input: nothing is saved), WorkflowError (not in this state)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core import audit
from partners import access
from partners.models import Profile

from .. import deadlines
from ..models import Answer, Rating, Suggestion, TimelineEvent
from ..notifications import deliver
from ..services.events import record_event
from ..text import html_to_text, mask_pii
from ..workflow import CLOCK_STATES, WorkflowError
from .models import CallbackCase, CallLog, Relay

C = CallbackCase
K = TimelineEvent.Kind
NOTE_MAX = 2000
OPEN_CASE_STATES = (C.State.OPEN, C.State.RELAYED, C.State.ANSWERED_BACK)


def _principal(user) -> access.Principal:
    return access.principal_for(user)


def _require_worker(user) -> None:
    if not access.can_work_callbacks(_principal(user)):
        raise PermissionDenied(gettext("민원 점검관, 본청, 관리자만 청렴 콜을 처리할 수 있습니다."))


def _text(value: str | None, field: str, message: str, *, required: bool = True) -> str:
    text = html_to_text(value or "").strip()[:NOTE_MAX]
    if required and not text:
        raise ValidationError({field: message})
    return mask_pii(text)


def _lock(case: CallbackCase) -> CallbackCase:
    return CallbackCase.objects.select_for_update().select_related("suggestion").get(pk=case.pk)


def _open(case: CallbackCase, verb: str) -> None:
    if case.state == C.State.CLOSED:
        raise WorkflowError(gettext("종결된 청렴 콜은 %(verb)s할 수 없습니다.") % {"verb": verb}, code="case_closed")


def _case_link(case: CallbackCase) -> str:
    return settings.SITE_URL + reverse("callbacks_admin:case", args=[case.pk])


def auditors():
    """The active 민원 점검관 accounts (who is told about a new case)."""
    flagged = Profile.objects.filter(is_callback_auditor=True).values("user_id")
    return get_user_model().objects.filter(pk__in=flagged, is_active=True).order_by("pk")


def _tell(users, case: CallbackCase, kind: str, message: str, *, once: str = "") -> None:
    """Notify `users` (kind `callback_<kind>`), once per case and `once` (idempotent by key)."""
    for user in users:
        deliver(
            user,
            kind=f"callback_{kind}",
            message=message,
            key=f"callback:{case.pk}:{kind}:{once}",
            suggestion=case.suggestion,
            link=_case_link(case),
        )


# --- Opening --------------------------------------------------------------------------------------


def open_case(suggestion: Suggestion, source: str, *, rating: Rating | None = None, actor=None) -> CallbackCase:
    """A case for one cause (a poor rating, a complaint, an overdue answer, an 이의신청). Idempotent per
    (suggestion, source, rating) while the case is not closed; runs in the caller's transaction."""
    return _open_case(suggestion, source, rating=rating, actor=actor)[0]


def _open_case(suggestion: Suggestion, source: str, *, rating: Rating | None, actor) -> tuple[CallbackCase, bool]:
    if source not in C.Source.values:
        raise ValueError(f"unknown callback source {source!r}")
    found = CallbackCase.objects.filter(suggestion=suggestion, source=source, rating=rating).exclude(
        state=C.State.CLOSED
    )
    existing = found.first()
    if existing is not None:
        return existing, False
    due = None
    if source == C.Source.OBJECTION:
        due = deadlines.add_business_days(deadlines.local_today(), settings.CALLBACK_OBJECTION_BUSINESS_DAYS)
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin loses the race, not the caller's write
            case = CallbackCase.objects.create(suggestion=suggestion, source=source, rating=rating, due_date=due)
    except IntegrityError:
        return found.get(), False
    audit.record(actor, "callback.opened", case, suggestion=suggestion.pk, source=source, rating=rating and rating.pk)
    message = gettext("[청렴 콜] 새 건: 제안 ‘%(title)s’ (%(source)s)") % {
        "title": suggestion.title,
        "source": case.get_source_display(),
    }
    _tell(auditors(), case, "opened", message)
    return case, True


def open_overdue_cases(today: dt.date | None = None) -> int:
    """Beat: an `overdue` case for every suggestion whose answer is late by more than
    CALLBACK_OVERDUE_BUSINESS_DAYS business days (its clock running, not paused). Returns how many opened."""
    today = today or deadlines.local_today()
    late_by = settings.CALLBACK_OVERDUE_BUSINESS_DAYS
    has_case = CallbackCase.objects.filter(
        suggestion=OuterRef("pk"), source=C.Source.OVERDUE, state__in=OPEN_CASE_STATES
    )
    candidates = (
        Suggestion.objects.filter(status__in=CLOCK_STATES, paused_at__isnull=True, due_date__lt=today)
        .exclude(Exists(has_case))
        .values_list("pk", "due_date")
    )
    opened = 0
    for pk, due in list(candidates):
        if deadlines.business_days_between(due, today) <= late_by:
            continue
        with transaction.atomic():
            s = Suggestion.objects.select_for_update().get(pk=pk)
            opened += _open_case(s, C.Source.OVERDUE, rating=None, actor=None)[1]
    return opened


# --- Working a case -------------------------------------------------------------------------------


def assign_case(user, case: CallbackCase, assignee) -> CallbackCase:
    """Give the case to a 민원 점검관 (who is told)."""
    _require_worker(user)
    if assignee is None or not assignee.is_active or not access.is_callback_assignee(_principal(assignee)):
        raise ValidationError({"assignee": gettext("민원 점검관 계정을 골라 주세요.")})
    with transaction.atomic():
        c = _lock(case)
        _open(c, gettext("배정"))
        previous = c.assignee_id
        c.assignee = assignee
        c.save(update_fields=["assignee"])
        audit.record(user, "callback.assigned", c, assignee=assignee.pk, previous=previous)
        message = gettext("[청렴 콜] 제안 ‘%(title)s’ 건이 배정되었습니다.") % {"title": c.suggestion.title}
        _tell([assignee], c, "assigned", message, once=f"{assignee.pk}:{timezone.now():%Y%m%d%H%M%S%f}")
    return c


def log_call(user, case: CallbackCase, *, reached, note: str = "", at: dt.datetime | None = None) -> CallLog:
    """One call to the partner: reached or not, and what they said (masked)."""
    _require_worker(user)
    errors = {}
    if reached not in (True, False):
        errors["reached"] = gettext("통화 연결 여부를 골라 주세요.")
    text = html_to_text(note or "").strip()
    if reached is True and not text:
        errors["note"] = gettext("연결된 통화는 통화 내용을 적어 주세요.")
    if at is not None and at > timezone.now() + dt.timedelta(minutes=5):
        errors["at"] = gettext("통화 일시가 미래일 수 없습니다.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = _lock(case)
        _open(c, gettext("통화 기록"))
        call = CallLog.objects.create(case=c, at=at or timezone.now(), reached=reached, note=text[:NOTE_MAX], by=user)
        if c.assignee_id is None and access.is_callback_assignee(_principal(user)):
            c.assignee = user  # whoever calls first takes the case
            c.save(update_fields=["assignee"])
        audit.record(user, "callback.call_logged", c, call=call.pk, reached=reached)
    return call


def relay(user, case: CallbackCase, request: str) -> Relay:
    """Ask the answering department for a required response (its officers and heads are told)."""
    _require_worker(user)
    text = _text(request, "request", gettext("부서에 요청할 내용을 적어 주세요."))
    with transaction.atomic():
        c = _lock(case)
        _open(c, gettext("부서 회신 요청"))
        s = c.suggestion
        if s.department_id is None:
            raise WorkflowError(gettext("담당 부서가 정해지지 않은 제안입니다."), code="no_department")
        r = Relay.objects.create(case=c, department_id=s.department_id, request=text, requested_by=user)
        c.state = C.State.RELAYED
        c.save(update_fields=["state"])
        audit.record(user, "callback.relayed", c, relay=r.pk, department=s.department_id)
        record_event(s, user, K.CALLBACK_RELAYED, police_only=True, index=False, message=text, case=c.pk, relay=r.pk)
    return r


def respond_relay(user, relay_obj: Relay, response: str) -> Relay:
    """The department's officer or head answers the relay (the case's auditor is told)."""
    if not access.can_answer_relay(_principal(user), relay_obj):
        raise PermissionDenied(gettext("요청을 받은 부서의 담당관·부서장만 회신할 수 있습니다."))
    text = _text(response, "response", gettext("회신 내용을 적어 주세요."))
    with transaction.atomic():
        r = Relay.objects.select_for_update().select_related("case", "case__suggestion").get(pk=relay_obj.pk)
        if r.responded_at is not None:
            raise WorkflowError(gettext("이미 회신한 요청입니다."), code="already_responded")
        c = _lock(r.case)
        _open(c, gettext("회신"))
        r.response, r.responded_at, r.responded_by = text, timezone.now(), user
        r.save()
        if c.state == C.State.RELAYED and not c.relays.filter(responded_at__isnull=True).exclude(pk=r.pk).exists():
            c.state = C.State.OPEN
            c.save(update_fields=["state"])
        audit.record(user, "callback.relay_answered", c, relay=r.pk)
        message = gettext("[청렴 콜] 제안 ‘%(title)s’: 부서 회신이 도착했습니다.") % {"title": c.suggestion.title}
        _tell([c.assignee] if c.assignee else auditors(), c, "relay_answered", message, once=str(r.pk))
    return r


def answer_back(user, case: CallbackCase, message: str) -> CallbackCase:
    """회신: a follow-up message to the partner on the proposal's timeline (they are told)."""
    _require_worker(user)
    text = _text(message, "message", gettext("제안자에게 보낼 회신 내용을 적어 주세요."))
    with transaction.atomic():
        c = _lock(case)
        _open(c, gettext("회신"))
        c.answer_back, c.answered_back_at, c.state = text, timezone.now(), C.State.ANSWERED_BACK
        c.save(update_fields=["answer_back", "answered_back_at", "state"])
        audit.record(user, "callback.answered_back", c)
        record_event(c.suggestion, user, K.CALLBACK_ANSWERED_BACK, index=False, message=text, case=c.pk)
    return c


def close_case(user, case: CallbackCase, outcome: str, note: str = "") -> CallbackCase:
    """종결 with an outcome. 재검토 지시 reopens the proposal to its department with a new deadline:
    the officer drafts a corrected answer (answers.save_answer_draft with a correction reason) and the
    head approves it before it publishes (approval.approve_answer)."""
    _require_worker(user)
    if outcome not in C.Outcome.values:
        raise ValidationError({"outcome": gettext("처리 결과를 골라 주세요.")})
    text = html_to_text(note or "").strip()[:NOTE_MAX]
    if outcome == C.Outcome.RE_REVIEW and not text:
        raise ValidationError({"note": gettext("재검토를 지시하는 사유를 적어 주세요.")})
    text = mask_pii(text)
    with transaction.atomic():
        c = _lock(case)
        _open(c, gettext("종결"))
        s = Suggestion.objects.select_for_update().get(pk=c.suggestion_id)
        c.outcome, c.close_note = outcome, text
        c.state, c.closed_at, c.closed_by = C.State.CLOSED, timezone.now(), user
        fields = ["outcome", "close_note", "state", "closed_at", "closed_by"]
        if outcome == C.Outcome.RE_REVIEW:
            published = Answer.objects.filter(suggestion=s, state=Answer.State.PUBLISHED).order_by("-version").first()
            if published is None or s.department_id is None:
                raise ValidationError({"outcome": gettext("게시된 답변이 없어 재검토를 지시할 수 없습니다.")})
            c.re_review_version = published.version
            days = settings.CALLBACK_RE_REVIEW_BUSINESS_DAYS
            c.due_date = deadlines.add_business_days(deadlines.local_today(), days)
            fields += ["re_review_version", "due_date"]
        c.save(update_fields=fields)
        audit.record(user, "callback.closed", c, outcome=outcome, due_date=c.due_date and c.due_date.isoformat())
        if outcome == C.Outcome.RE_REVIEW:
            record_event(s, user, K.CALLBACK_RE_REVIEW, index=False, message=text, case=c.pk, new_due_date=c.due_date)
        else:
            record_event(
                s,
                user,
                K.CALLBACK_CLOSED,
                index=False,
                message=str(c.get_outcome_display()),
                case=c.pk,
                outcome=outcome,
            )
    return c
