"""Receiving and routing (접수·배정): the rules, HQ's (re)assignment and the departments' transfer requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from core import audit
from partners import access
from partners.models import Department

from .. import deadlines
from ..events_catalogue import timeline_text
from ..models import RoutingRule, Suggestion, TimelineEvent, TransferRequest
from ..workflow import WorkflowError, require_status
from .events import SystemActor, _actor, _by_system, _deny, _lock, _move, _principal, is_system, record_event

S = Suggestion.Status
K = TimelineEvent.Kind


def receive(
    user,
    suggestion: Suggestion,
    *,
    system: bool = False,
    route: bool = True,
    received_at: dt.datetime | None = None,
) -> Suggestion:
    """접수: submitted → received (the clock starts), then routed by the rules.

    `system`: the system receives it (right after filing); `received_at` is for imports of history."""
    if not system:
        principal = _principal(user)
        if not access.can_receive(principal, suggestion):
            raise _deny()
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.RECEIVED)
        s.received_at = received_at or timezone.now()
        s.save(update_fields=["status", "received_at", "updated_at"])
        by = _by_system(user) if system else user
        record_event(s, by, K.RECEIVED, from_status=old, to_status=S.RECEIVED)
        if route:
            auto_route(s, actor=_by_system(user))
    return s


def bulk_receive(user, suggestion_ids: Iterable[int]) -> int:
    """Receive every submitted suggestion among `suggestion_ids` the user may handle."""
    principal = _principal(user)
    done = 0
    for s in Suggestion.objects.filter(pk__in=list(suggestion_ids), status=S.SUBMITTED):
        if access.can_receive(principal, s):
            receive(user, s)
            done += 1
    return done


def find_department(suggestion: Suggestion) -> Department | None:
    """The most specific active RoutingRule (field + kind + district), else a department owning the field."""
    rule = (
        RoutingRule.objects.filter(is_active=True, field_id=suggestion.field_id, department__is_active=True)
        .filter(Q(kind="") | Q(kind=suggestion.kind))
        .filter(Q(district="") | Q(district=suggestion.district or "-"))
        .annotate(
            specificity=Case(When(~Q(kind=""), then=Value(2)), default=Value(0), output_field=IntegerField())
            + Case(When(~Q(district=""), then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-specificity", "priority", "id")
        .select_related("department")
        .first()
    )
    if rule is not None:
        return rule.department
    return Department.objects.filter(is_active=True, fields=suggestion.field_id).order_by("pk").first()


def _start_clock(s: Suggestion, department: Department | None) -> None:
    """The due date, counted from receipt, set once: routing later (or again) never restarts it."""
    if s.due_date is None:
        received_on = deadlines.local_date(s.received_at) or deadlines.local_today()
        s.due_date = deadlines.due_date_for(s.kind, department, received_on)


def _set_department(s: Suggestion, department: Department) -> None:
    s.department = department
    _start_clock(s, department)


def auto_route(suggestion: Suggestion, *, actor: SystemActor | None = None) -> Suggestion:
    """Route a received suggestion by the rules (system action; inside the caller's transaction).

    No rule and no department for its field: it waits in HQ's triage queue (`selectors.triage_queue`)
    on the normal clock (the default answer days from receipt), and HQ is told, so reminders and the
    overdue digest see it like any other until HQ routes it (`reassign`)."""
    s = suggestion
    department = find_department(s)
    if department is None:
        _start_clock(s, None)
        s.save(update_fields=["due_date", "updated_at"])
        record_event(
            s,
            actor,
            K.ROUTING_FAILED,
            police_only=True,
            message=timeline_text(K.ROUTING_FAILED),
            due_date=s.due_date,
        )
        return s
    old = _move(s, S.ASSIGNED)
    _set_department(s, department)
    s.save(update_fields=["status", "department", "due_date", "updated_at"])
    record_event(
        s,
        actor,
        K.ASSIGNED,
        from_status=old,
        to_status=S.ASSIGNED,
        message=timeline_text(K.ASSIGNED, department_name=department.name),
        department=department.pk,
        department_name=department.name,
        due_date=s.due_date,
    )
    return s


def reassign(user, suggestion: Suggestion, department: Department, reason: str = "") -> Suggestion:
    """HQ (re)assigns a suggestion to a department (also the first manual routing)."""
    if not (is_system(user) or access.can_route(_principal(user))):
        raise _deny(gettext("배정·재배정은 본청만 할 수 있습니다."))
    with transaction.atomic():
        s = _lock(suggestion)
        if s.department_id == department.pk and s.status == S.ASSIGNED:
            raise WorkflowError(gettext("이미 이 부서에 배정되어 있습니다."), code="same_department")
        from_department = s.department
        old = _move(s, S.ASSIGNED)
        _set_department(s, department)
        s.save(update_fields=["status", "department", "due_date", "updated_at"])
        record_event(
            s,
            user,
            K.ASSIGNED if from_department is None else K.TRANSFERRED,
            from_status=old,
            to_status=S.ASSIGNED,
            message=reason.strip(),
            department=department.pk,
            department_name=department.name,
            from_department=from_department.pk if from_department else None,
            from_department_name=from_department.name if from_department else "",
        )
    return s


def request_transfer(user, suggestion: Suggestion, reason: str, to_department: Department | None = None):
    """이송 요청: the department asks HQ to move the suggestion elsewhere, with a reason."""
    if not access.can_answer(_principal(user), suggestion):
        raise _deny()
    if not reason.strip():
        raise ValidationError({"reason": gettext("이송 사유를 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, {S.ASSIGNED, S.UNDER_REVIEW}, gettext("이송 요청"))
        if TransferRequest.objects.filter(suggestion=s, state=TransferRequest.State.PENDING).exists():
            raise WorkflowError(gettext("이미 검토 중인 이송 요청이 있습니다."), code="pending_transfer")
        assert s.department is not None  # assigned or under review: routed
        transfer = TransferRequest.objects.create(
            suggestion=s,
            from_department=s.department,
            to_department=to_department,
            reason=reason.strip(),
            requested_by=_actor(user),
        )
        record_event(
            s,
            user,
            K.TRANSFER_REQUESTED,
            message=reason.strip(),
            police_only=True,
            transfer=transfer.pk,
            to_department_name=to_department.name if to_department else "",
        )
    return transfer


def decide_transfer(
    user, transfer: TransferRequest, *, approve: bool, to_department: Department | None = None, note: str = ""
) -> TransferRequest:
    """HQ approves (the suggestion moves; the proposer is told) or rejects a transfer request."""
    if not access.can_route(_principal(user)):
        raise _deny(gettext("이송 결정은 본청만 할 수 있습니다."))
    with transaction.atomic():
        t = TransferRequest.objects.select_for_update().get(pk=transfer.pk)
        if t.state != TransferRequest.State.PENDING:
            raise WorkflowError(gettext("이미 처리된 이송 요청입니다."), code="decided")
        target = to_department or t.to_department
        if approve and target is None:
            raise ValidationError({"to_department": gettext("이송할 부서를 선택해 주세요.")})
        approved_target = target if approve else None
        t.state = TransferRequest.State.APPROVED if approve else TransferRequest.State.REJECTED
        t.to_department = target if approve else t.to_department
        t.decided_by = _actor(user)
        t.decided_at = timezone.now()
        t.decision_note = note.strip()
        t.save()
        audit.record(user, "transfer.decided", t, approve=approve)
        if approved_target is not None:
            reassign(user, t.suggestion, approved_target, reason=t.reason)
        else:
            record_event(t.suggestion, user, K.TRANSFER_REJECTED, police_only=True, message=note.strip(), notify=False)
    return t
