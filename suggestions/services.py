"""Every write to a suggestion, one function each.

Each function: checks permission in `partners.access`, checks the state machine
(`suggestions.workflow`), changes the rows under a row lock, writes a `TimelineEvent` (the
suggestion's audit trail and the proposer's parcel tracker) and `core.audit.record`, and queues
notifications and search indexing through the outbox (published on commit). Refusals raise
`PermissionDenied` (no permission) or `WorkflowError` / `ValidationError` (not allowed now).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Max, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core import audit
from core.outbox import enqueue
from partners import access
from partners.models import Department, Field, PartnerGroup

from . import deadlines, geo
from .models import (
    AgencyReferral,
    Answer,
    Attachment,
    RoutingRule,
    SiteCheck,
    Suggestion,
    Support,
    TimelineEvent,
    TransferRequest,
)
from .text import html_to_text, sanitize
from .workflow import CLOCK_STATES, OPEN_STATES, WorkflowError, check_transition, require_status

S = Suggestion.Status
A = Answer.State

# Event kinds that notify someone (see suggestions.notifications for who and how).
NOTIFYING_EVENTS = frozenset(
    {
        "received",
        "assigned",
        "transferred",
        "extended",
        "supplement_requested",
        "supplemented",
        "site_check",
        "site_check_done",
        "referred",
        "referral_reply",
        "answer_submitted",
        "answer_returned",
        "answered",
        "answer_corrected",
        "implemented",
        "merged",
        "transfer_requested",
    }
)

_TIME_BAND = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$")


# --- helpers ------------------------------------------------------------------------------------


def _principal(user) -> access.Principal:
    return access.principal_for(user)


def _deny(message: str = gettext_lazy("이 작업을 할 권한이 없습니다.")) -> PermissionDenied:
    return PermissionDenied(message)


def _lock(suggestion: Suggestion) -> Suggestion:
    """Reload under a row lock so concurrent writes see each other's state."""
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if isinstance(value, (dt.date, dt.datetime)):
            out[key] = value.isoformat()
        elif hasattr(value, "pk"):
            out[key] = value.pk
        else:
            out[key] = value
    return out


def record_event(
    suggestion: Suggestion,
    actor,
    kind: str,
    *,
    from_status: str = "",
    to_status: str = "",
    message: str = "",
    police_only: bool = False,
    notify: bool = True,
    index: bool = True,
    **data: Any,
) -> TimelineEvent:
    """Timeline event + audit row + (optionally) notification and search re-index, in this transaction."""
    data = _jsonable(data)
    event = TimelineEvent.objects.create(
        suggestion=suggestion,
        actor=_actor(actor),
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        message=message,
        data=data,
        police_only=police_only,
    )
    audit.record(actor, f"suggestion.{kind}", suggestion, from_status=from_status, to_status=to_status, **data)
    if notify and kind in NOTIFYING_EVENTS:
        enqueue("suggestions.send_notification", event.pk)
    if index:
        from search.indexing import schedule_suggestion_index

        schedule_suggestion_index(suggestion.pk)
    return event


def _move(suggestion: Suggestion, to_status: str) -> str:
    """Check the transition table and set the new status; returns the old status."""
    old = suggestion.status
    check_transition(old, to_status)
    suggestion.status = to_status
    return old


def clean_title(value: str) -> str:
    """Titles are plain text: any markup is dropped (the template escapes the rest)."""
    title = html_to_text(value or "").replace("\n", " ").strip()
    return title[:200]


def clean_time_band(value: str) -> str:
    value = (value or "").strip().replace("~", "-").replace("–", "-").replace(" ", "")
    if not value:
        return ""
    if not _TIME_BAND.match(value):
        raise ValidationError({"time_band": gettext("시간대는 22:00-02:00 형식으로 입력해 주세요.")})
    return value


# --- filing, receiving, routing -----------------------------------------------------------------


def file_suggestion(
    user,
    *,
    kind: str,
    title: str,
    body: str,
    field: Field,
    group: PartnerGroup | None = None,
    visibility: str = Suggestion.Visibility.PARTNERS,
    announcement=None,
    district: str = "",
    address: str = "",
    lat: float | None = None,
    lon: float | None = None,
    time_band: str = "",
    risk_type: str = "",
    attachments: Sequence[Any] = (),
    ref: str | None = None,
    created_at: dt.datetime | None = None,
    auto_receive: bool = True,
) -> Suggestion:
    """A partner member files a suggestion; it is received and routed at once (접수·배정)."""
    principal = _principal(user)
    if group is None:
        if not principal.group_ids:
            raise _deny(gettext("치안파트너스 단체 회원만 제안할 수 있습니다."))
        group = PartnerGroup.objects.filter(pk__in=principal.group_ids).order_by("pk").first()
    if not access.can_file(principal, group.pk):
        raise _deny(gettext("이 단체의 이름으로 제안할 권한이 없습니다."))
    errors: dict[str, str] = {}
    clean = clean_title(title)
    body_html = sanitize(body)
    if not clean:
        errors["title"] = gettext("제목을 입력해 주세요.")
    if not html_to_text(body_html):
        errors["body"] = gettext("내용을 입력해 주세요.")
    if kind not in Suggestion.Kind.values:
        errors["kind"] = gettext("제안 종류가 올바르지 않습니다.")
    if visibility not in Suggestion.Visibility.values:
        errors["visibility"] = gettext("공개 범위가 올바르지 않습니다.")
    if kind == Suggestion.Kind.FIELD_REPORT and not (district or address.strip() or lat is not None):
        errors["address"] = gettext("현장 의견은 장소(주소 또는 자치구, 지도 위치)가 필요합니다.")
    if (lat is None) != (lon is None):
        errors["lat"] = gettext("위도와 경도를 함께 입력해 주세요.")
    elif lat is not None and not geo.in_seoul_bbox(lat, lon):
        errors["lat"] = gettext("서울시 밖의 위치입니다. 지도에서 서울 안의 위치를 고르거나 주소를 입력해 주세요.")
    elif lat is not None and not district:
        district = geo.nearest_district(lat, lon)  # a pin without a chosen district: the nearest one
    if risk_type and risk_type not in Suggestion.RiskType.values:
        errors["risk_type"] = gettext("위험 유형이 올바르지 않습니다.")
    band = ""
    if kind == Suggestion.Kind.FIELD_REPORT:
        try:
            band = clean_time_band(time_band)
        except ValidationError as exc:
            errors["time_band"] = exc.message_dict["time_band"][0]
    if errors:
        raise ValidationError(errors)

    from .attachments import clean_upload

    cleaned_files = [clean_upload(f) for f in attachments]  # refuse bad files before writing anything

    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            ref=ref or None,
            kind=kind,
            title=clean,
            body=body_html,
            field=field,
            group=group,
            author=_actor(user),
            visibility=visibility,
            announcement=announcement,
            district=district or "",
            address=(address or "").strip()[:200],
            lat=lat,
            lon=lon,
            time_band=band,
            risk_type=risk_type if kind == Suggestion.Kind.FIELD_REPORT else "",
            created_at=created_at or timezone.now(),
        )
        for cleaned in cleaned_files:
            Attachment.objects.create(
                suggestion=suggestion,
                file=cleaned.content,
                original_name=cleaned.original_name,
                content_type=cleaned.content_type,
                size=cleaned.size,
            )
        record_event(suggestion, user, "submitted", to_status=S.SUBMITTED, notify=False, index=not auto_receive)
        if auto_receive:
            receive(None, suggestion, system=True)
            suggestion.refresh_from_db()
    return suggestion


def receive(user, suggestion: Suggestion, *, system: bool = False, route: bool = True) -> Suggestion:
    """접수: submitted → received (the clock starts), then routed by the rules."""
    if not system:
        principal = _principal(user)
        unrouted = suggestion.department_id is None and principal.is_officer
        if not (access.can_handle(principal, suggestion) or unrouted):
            raise _deny()
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.RECEIVED)
        s.received_at = timezone.now()
        s.save(update_fields=["status", "received_at", "updated_at"])
        record_event(s, user if not system else None, "received", from_status=old, to_status=S.RECEIVED)
        if route:
            auto_route(s)
    return s


def bulk_receive(user, suggestion_ids: Iterable[int]) -> int:
    """Receive every submitted suggestion among `suggestion_ids` the user may handle."""
    principal = _principal(user)
    done = 0
    for s in Suggestion.objects.filter(pk__in=list(suggestion_ids), status=S.SUBMITTED):
        if access.can_handle(principal, s) or (s.department_id is None and principal.is_officer):
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


def _set_department(s: Suggestion, department: Department) -> None:
    s.department = department
    if s.due_date is None:
        received_on = deadlines.local_date(s.received_at) or deadlines.local_today()
        s.due_date = deadlines.due_date_for(s.kind, department, received_on)


def auto_route(suggestion: Suggestion) -> Suggestion:
    """Route a received suggestion by the rules (system action; inside the caller's transaction)."""
    s = suggestion
    department = find_department(s)
    if department is None:
        record_event(
            s, None, "routing_failed", police_only=True, notify=False, message="배정 규칙이 없어 본청 배정 대기"
        )
        return s
    old = _move(s, S.ASSIGNED)
    _set_department(s, department)
    s.save(update_fields=["status", "department", "due_date", "updated_at"])
    record_event(
        s,
        None,
        "assigned",
        from_status=old,
        to_status=S.ASSIGNED,
        message=f"{department.name}에 배정되었습니다.",
        department=department.pk,
        department_name=department.name,
        due_date=s.due_date,
    )
    return s


def reassign(user, suggestion: Suggestion, department: Department, reason: str = "") -> Suggestion:
    """HQ (re)assigns a suggestion to a department (also the first manual routing)."""
    if not access.can_route(_principal(user)):
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
            "assigned" if from_department is None else "transferred",
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
            "transfer_requested",
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
        t.state = TransferRequest.State.APPROVED if approve else TransferRequest.State.REJECTED
        t.to_department = target if approve else t.to_department
        t.decided_by = _actor(user)
        t.decided_at = timezone.now()
        t.decision_note = note.strip()
        t.save()
        audit.record(user, "transfer.decided", t, approve=approve)
        if approve:
            reassign(user, t.suggestion, target, reason=t.reason)
        else:
            record_event(t.suggestion, user, "transfer_rejected", police_only=True, message=note.strip(), notify=False)
    return t


def start_review(user, suggestion: Suggestion) -> Suggestion:
    """assigned → under_review (검토 시작)."""
    if not access.can_answer(_principal(user), suggestion):
        raise _deny()
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.UNDER_REVIEW)
        s.save(update_fields=["status", "updated_at"])
        record_event(s, user, "review_started", from_status=old, to_status=S.UNDER_REVIEW)
    return s


# --- supplement, extension --------------------------------------------------------------------


def request_supplement(user, suggestion: Suggestion, message: str) -> Suggestion:
    """보완 요청: the clock stops until the author supplies what is missing."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    if not message.strip():
        raise ValidationError({"message": gettext("보완 요청 내용을 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.SUPPLEMENT)
        s.paused_at = timezone.now()
        s.paused_from_status = old
        s.save(update_fields=["status", "paused_at", "paused_from_status", "updated_at"])
        record_event(s, user, "supplement_requested", from_status=old, to_status=S.SUPPLEMENT, message=message.strip())
    return s


def submit_supplement(user, suggestion: Suggestion, text: str) -> Suggestion:
    """The author's supplement resumes the clock; the due date moves by the paused business days."""
    if not access.is_author(_principal(user), suggestion):
        raise _deny(gettext("작성자만 보완할 수 있습니다."))
    supplement_html = sanitize(text)
    if not html_to_text(supplement_html):
        raise ValidationError({"text": gettext("보완 내용을 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        if s.status != S.SUPPLEMENT:
            raise WorkflowError(gettext("보완 요청을 받은 제안만 보완할 수 있습니다."))
        back_to = s.paused_from_status or S.RECEIVED
        old = _move(s, back_to)
        paused_days = deadlines.business_days_between(
            deadlines.local_date(s.paused_at) or deadlines.local_today(), deadlines.local_today()
        )
        if s.due_date:
            s.due_date = deadlines.add_business_days(s.due_date, paused_days)
        s.body = sanitize(f"{s.body}<p><strong>[보완]</strong></p>{supplement_html}")
        s.paused_at = None
        s.paused_from_status = ""
        s.save(update_fields=["status", "due_date", "body", "paused_at", "paused_from_status", "updated_at"])
        record_event(
            s,
            user,
            "supplemented",
            from_status=old,
            to_status=back_to,
            message=html_to_text(supplement_html)[:2000],
            paused_business_days=paused_days,
            due_date=s.due_date,
        )
    return s


def extend_deadline(user, suggestion: Suggestion, new_due_date: dt.date, reason: str) -> Suggestion:
    """처리 기한 연장: once, with a reason and a later due date; the proposer is told."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    if not reason.strip():
        raise ValidationError({"reason": gettext("연장 사유를 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, CLOCK_STATES | {S.SUPPLEMENT}, gettext("기한 연장"))
        if s.extended_at is not None:
            raise WorkflowError(gettext("처리 기한은 한 번만 연장할 수 있습니다."), code="already_extended")
        if s.due_date is None or new_due_date <= s.due_date:
            raise ValidationError({"new_due_date": gettext("새 처리 기한은 현재 기한보다 뒤여야 합니다.")})
        old_due = s.due_date
        s.due_date = new_due_date
        s.extended_at = timezone.now()
        s.extension_reason = reason.strip()
        s.save(update_fields=["due_date", "extended_at", "extension_reason", "updated_at"])
        record_event(s, user, "extended", message=reason.strip(), old_due_date=old_due, due_date=new_due_date)
    return s


# --- on the ground ------------------------------------------------------------------------------


def schedule_site_check(user, suggestion: Suggestion, scheduled_for: dt.date) -> SiteCheck:
    """현장 진단 일정 (field reports)."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, CLOCK_STATES | {S.ANSWERED}, gettext("현장 진단"))
        check = SiteCheck.objects.create(suggestion=s, scheduled_for=scheduled_for, created_by=_actor(user))
        record_event(s, user, "site_check", message=f"{scheduled_for:%Y-%m-%d} 현장 진단 예정", site_check=check.pk)
    return check


def record_site_check(user, check: SiteCheck, *, done_on: dt.date, result: str, photo=None) -> SiteCheck:
    """현장 진단 결과 (and an optional photo, cleaned like every attachment)."""
    if not access.can_handle(_principal(user), check.suggestion):
        raise _deny()
    if not result.strip():
        raise ValidationError({"result": gettext("진단 결과를 입력해 주세요.")})
    cleaned = None
    if photo is not None:
        from .attachments import clean_upload

        cleaned = clean_upload(photo, images_only=True)
    with transaction.atomic():
        c = SiteCheck.objects.select_for_update().get(pk=check.pk)
        c.done_on = done_on
        c.result = result.strip()
        if cleaned is not None:
            c.photo = cleaned.content
        c.save()
        record_event(c.suggestion, user, "site_check_done", message=c.result, site_check=c.pk, has_photo=bool(c.photo))
    return c


def refer_to_agency(user, suggestion: Suggestion, *, agency: str, referred_on: dt.date) -> AgencyReferral:
    """관계기관 통보 (구청, 시설관리공단, …)."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    if not agency.strip():
        raise ValidationError({"agency": gettext("기관명을 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, CLOCK_STATES | {S.ANSWERED, S.IMPLEMENTED}, gettext("관계기관 통보"))
        referral = AgencyReferral.objects.create(
            suggestion=s, agency=agency.strip(), referred_on=referred_on, created_by=_actor(user)
        )
        record_event(s, user, "referred", message=f"{referral.agency}에 통보", referral=referral.pk)
    return referral


def record_agency_reply(user, referral: AgencyReferral, *, reply: str, replied_on: dt.date) -> AgencyReferral:
    if not access.can_handle(_principal(user), referral.suggestion):
        raise _deny()
    if not reply.strip():
        raise ValidationError({"reply": gettext("회신 내용을 입력해 주세요.")})
    with transaction.atomic():
        r = AgencyReferral.objects.select_for_update().get(pk=referral.pk)
        r.reply = reply.strip()
        r.replied_on = replied_on
        r.save(update_fields=["reply", "replied_on"])
        record_event(r.suggestion, user, "referral_reply", message=f"{r.agency} 회신: {r.reply}", referral=r.pk)
    return r


# --- official answers ---------------------------------------------------------------------------

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
    if not access.can_answer(_principal(user), suggestion):
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
            record_event(s, user, "review_started", from_status=old, to_status=S.UNDER_REVIEW)
        record_event(
            s,
            user,
            "answer_drafted" if created else "answer_edited",
            police_only=True,
            index=False,
            answer=a.pk,
            version=a.version,
        )
    return a


def submit_answer(user, answer: Answer) -> Answer:
    """상신: draft → pending (the department head's approval queue)."""
    if not access.can_answer(_principal(user), answer.suggestion):
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
            a.suggestion, user, "answer_submitted", police_only=True, index=False, answer=a.pk, version=a.version
        )
    return a


def approve_answer(user, answer: Answer) -> Answer:
    """결재: the head publishes the answer; a previous published version becomes SUPERSEDED."""
    if not access.can_approve(_principal(user), answer.suggestion):
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
            "answer_corrected" if correction else "answered",
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
            "answer_returned",
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
            "implemented",
            from_status=old,
            to_status=S.IMPLEMENTED,
            message=note.strip(),
            announcement=announcement.pk if announcement else None,
        )
    return s


# --- the author and other members ---------------------------------------------------------------


def withdraw(user, suggestion: Suggestion, reason: str = "") -> Suggestion:
    """철회 by the author, before an answer."""
    if not access.can_withdraw(_principal(user), suggestion):
        raise _deny(gettext("작성자만 철회할 수 있습니다."))
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.WITHDRAWN)
        s.paused_at = None
        s.save(update_fields=["status", "paused_at", "updated_at"])
        record_event(s, user, "withdrawn", from_status=old, to_status=S.WITHDRAWN, message=reason.strip())
    return s


def _recount(s: Suggestion) -> int:
    s.support_count = Support.objects.filter(suggestion=s).count()
    s.save(update_fields=["support_count", "updated_at"])
    return s.support_count


def merge(user, duplicate: Suggestion, survivor: Suggestion, reason: str = "") -> Suggestion:
    """병합: the duplicate points to the survivor; its supporters (and author) carry over."""
    if not access.can_handle(_principal(user), duplicate):
        raise _deny()
    if duplicate.pk == survivor.pk:
        raise WorkflowError(gettext("같은 제안끼리는 병합할 수 없습니다."), code="self_merge")
    with transaction.atomic():
        first, second = sorted([duplicate.pk, survivor.pk])
        locked = {x.pk: x for x in Suggestion.objects.select_for_update().filter(pk__in=[first, second])}
        dup, surv = locked[duplicate.pk], locked[survivor.pk]
        if surv.status in (S.MERGED, S.WITHDRAWN):
            raise WorkflowError(gettext("병합되었거나 철회된 제안으로는 병합할 수 없습니다."), code="bad_survivor")
        old = _move(dup, S.MERGED)
        dup.merged_into = surv
        dup.paused_at = None
        dup.save(update_fields=["status", "merged_into", "paused_at", "updated_at"])
        carried = 0
        movers = set(Support.objects.filter(suggestion=dup).values_list("user_id", flat=True))
        if dup.author_id:
            movers.add(dup.author_id)
        movers.discard(surv.author_id)
        existing = set(Support.objects.filter(suggestion=surv).values_list("user_id", flat=True))
        for uid in sorted(movers - existing):
            Support.objects.create(suggestion=surv, user_id=uid)
            carried += 1
        _recount(surv)
        _recount(dup)
        record_event(
            dup,
            user,
            "merged",
            from_status=old,
            to_status=S.MERGED,
            message=reason.strip(),
            merged_into=surv.pk,
            survivor_title=surv.title,
        )
        record_event(surv, user, "merged_in", police_only=False, merged=dup.pk, carried_supports=carried, notify=False)
    return dup


def support(user, suggestion: Suggestion) -> Support:
    """공감: one per partner member, not on one's own suggestion."""
    principal = _principal(user)
    if not access.can_support(principal, suggestion):
        raise _deny(gettext("다른 회원의 제안에만 공감할 수 있습니다."))
    if suggestion.status in (S.WITHDRAWN, S.MERGED):
        raise WorkflowError(gettext("철회되었거나 병합된 제안에는 공감할 수 없습니다."))
    try:
        with transaction.atomic():
            s = _lock(suggestion)
            sup = Support.objects.create(suggestion=s, user=user)
            _recount(s)
            audit.record(user, "suggestion.supported", s, support_count=s.support_count)
            from search.indexing import schedule_suggestion_index

            schedule_suggestion_index(s.pk)
    except IntegrityError:
        raise WorkflowError(gettext("이미 공감한 제안입니다."), code="already_supported") from None
    return sup


def unsupport(user, suggestion: Suggestion) -> None:
    with transaction.atomic():
        s = _lock(suggestion)
        deleted, _ = Support.objects.filter(suggestion=s, user=user).delete()
        if deleted:
            _recount(s)
            audit.record(user, "suggestion.unsupported", s, support_count=s.support_count)
            from search.indexing import schedule_suggestion_index

            schedule_suggestion_index(s.pk)


def rate(user, suggestion: Suggestion, score: int, comment: str = ""):
    """만족도: the author rates the published answer once (1–5, optional comment)."""
    from .models import Rating

    if not access.can_rate(_principal(user), suggestion):
        raise _deny(gettext("작성자만 만족도를 남길 수 있습니다."))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": gettext("만족도는 1~5점 중에서 골라 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, {S.ANSWERED, S.IMPLEMENTED}, gettext("만족도 평가"))
        if Rating.objects.filter(suggestion=s).exists():
            raise WorkflowError(gettext("이미 만족도를 남겼습니다."), code="already_rated")
        rating = Rating.objects.create(suggestion=s, user=user, score=score, comment=html_to_text(comment)[:2000])
        record_event(s, user, "rated", notify=False, index=False, score=score)
    return rating


__all__ = [
    "OPEN_STATES",
    "WorkflowError",
    "approve_answer",
    "auto_route",
    "bulk_receive",
    "decide_transfer",
    "extend_deadline",
    "file_suggestion",
    "find_department",
    "mark_implemented",
    "merge",
    "rate",
    "reassign",
    "receive",
    "record_agency_reply",
    "record_event",
    "record_site_check",
    "refer_to_agency",
    "request_supplement",
    "request_transfer",
    "return_answer",
    "save_answer_draft",
    "set_notification_channels",
    "start_review",
    "submit_answer",
    "submit_supplement",
    "support",
    "unsupport",
    "withdraw",
]


# --- notification channels ----------------------------------------------------------------------


def set_notification_channels(user, *, in_app: bool, email: bool, sms: bool, phone: str = ""):
    """Each user chooses how they are told (Profile.notify_*); SMS needs a mobile number."""
    from partners.models import Profile

    if not getattr(user, "is_authenticated", False):
        raise _deny()
    phone = re.sub(r"[^0-9-]", "", phone or "")[:20]
    if sms and not re.fullmatch(r"01[016789]-?\d{3,4}-?\d{4}", phone):
        raise ValidationError(
            {"phone": gettext("문자 알림을 받으려면 휴대전화 번호(예: 010-1234-5678)를 입력해 주세요.")}
        )
    with transaction.atomic():
        profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
        profile.notify_in_app, profile.notify_email, profile.notify_sms = in_app, email, sms
        profile.phone = phone
        profile.save(update_fields=["notify_in_app", "notify_email", "notify_sms", "phone"])
        audit.record(user, "profile.notification_channels", profile, in_app=in_app, email=email, sms=sms)
    return profile
