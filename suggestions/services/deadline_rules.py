"""The deadline rules that are writes: the one extension (officer asks, head decides), the 30-day
progress notice and the proposer's 진행 상황 문의, and the department's delay reason.

The arithmetic (business days, the extension limit, the 7-day correction window) is in
`suggestions.deadlines`; the rules, their legal sources and their tests are listed in docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partners import access

from .. import deadlines
from ..events_catalogue import timeline_text
from ..models import DeadlineExtension, Suggestion, TimelineEvent
from ..workflow import CLOCK_STATES, OPEN_STATES, WorkflowError, label, require_status
from .events import _actor, _deny, _lock, _principal, record_event

S = Suggestion.Status
K = TimelineEvent.Kind
X = DeadlineExtension.State


def _check_extension(s: Suggestion, new_due_date: dt.date) -> None:
    """What must hold both when the extension is asked for and when the head approves it."""
    if s.status == S.SUPPLEMENT:
        raise WorkflowError(
            gettext("보완 요청으로 처리 기한이 멈춘 동안에는 기한을 연장할 수 없습니다."), code="paused"
        )
    require_status(s, CLOCK_STATES, gettext("기한 연장"))
    if s.extended_at is not None or s.extensions.filter(state=X.APPROVED).exists():
        raise WorkflowError(gettext("처리 기한은 한 번만 연장할 수 있습니다."), code="already_extended")
    if s.due_date is None or new_due_date <= s.due_date:
        raise ValidationError({"new_due_date": gettext("새 처리 기한은 현재 기한보다 뒤여야 합니다.")})
    latest = deadlines.max_extended_due(s.kind, s.department, s.due_date)
    if new_due_date > latest:
        raise ValidationError(
            {
                "new_due_date": gettext(
                    "연장은 원래 처리 기간(영업일 %(days)d일)을 넘을 수 없습니다. %(latest)s까지 정할 수 있습니다."
                )
                % {"days": deadlines.answer_days_for(s.kind, s.department), "latest": latest.isoformat()}
            }
        )


def request_extension(user, suggestion: Suggestion, new_due_date: dt.date, reason: str) -> DeadlineExtension:
    """처리 기한 연장 요청: the department asks its head, with a reason and the new date."""
    if not access.can_request_extension(_principal(user), suggestion):
        raise _deny()
    if not reason.strip():
        raise ValidationError({"reason": gettext("연장 사유를 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        _check_extension(s, new_due_date)
        if s.extensions.filter(state=X.PENDING).exists():
            raise WorkflowError(gettext("이미 결재를 기다리는 연장 요청이 있습니다."), code="pending_extension")
        assert s.due_date is not None  # _check_extension
        extension = DeadlineExtension.objects.create(
            suggestion=s,
            old_due_date=s.due_date,
            new_due_date=new_due_date,
            reason=reason.strip(),
            requested_by=_actor(user),
        )
        record_event(
            s,
            user,
            K.EXTENSION_REQUESTED,
            message=reason.strip(),
            police_only=True,
            extension=extension.pk,
            new_due_date=new_due_date,
        )
    return extension


def decide_extension(user, extension: DeadlineExtension, *, approve: bool, note: str = "") -> DeadlineExtension:
    """The head approves (the due date moves; the proposer is told the reason and the new date at
    once) or rejects (the department is told; it may ask again) an extension request."""
    principal = _principal(user)
    if not access.can_decide_extension(principal, extension.suggestion):
        raise _deny(gettext("처리 기한 연장은 부서장이 결재합니다."))
    # A deputy (대결) decides in the head's place: recorded as such on the event and its audit row.
    by_deputy = extension.suggestion.department_id not in principal.head_department_ids
    with transaction.atomic():
        s = _lock(extension.suggestion)
        x = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
        if x.state != X.PENDING:
            raise WorkflowError(gettext("이미 처리된 연장 요청입니다."), code="decided")
        if approve:
            _check_extension(s, x.new_due_date)
        x.state = X.APPROVED if approve else X.REJECTED
        x.decided_by = _actor(user)
        x.decided_at = timezone.now()
        x.decision_note = note.strip()
        x.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        if not approve:
            record_event(
                s,
                user,
                K.EXTENSION_REJECTED,
                message=note.strip(),
                police_only=True,
                extension=x.pk,
                by_deputy=by_deputy,
            )
            return x
        old_due = s.due_date
        s.due_date = x.new_due_date
        s.extended_at = x.decided_at
        s.extension_reason = x.reason
        s.save(update_fields=["due_date", "extended_at", "extension_reason", "updated_at"])
        record_event(
            s,
            user,
            K.EXTENDED,
            message=x.reason,
            old_due_date=old_due,
            due_date=x.new_due_date,
            extension=x.pk,
            by_deputy=by_deputy,
        )
    return x


# --- Progress notices -----------------------------------------------------------------------------


def _progress_text(s: Suggestion) -> str:
    return timeline_text(
        K.INTERIM_NOTICE, status=label(s.status), due_date=s.due_date.isoformat() if s.due_date else "-"
    )


def send_interim_notices(today: dt.date | None = None) -> int:
    """Beat: every suggestion still open INTERIM_NOTICE_DAYS after receipt gets one progress notice
    with the expected date (once: `interim_notice_at`, set under the row lock)."""
    today = today or deadlines.local_today()
    # Received on or before today − N days (Seoul dates): before the start of the day after that.
    last_day = today - dt.timedelta(days=deadlines.INTERIM_NOTICE_DAYS)
    before = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    candidates = Suggestion.objects.filter(
        status__in=OPEN_STATES - {S.SUBMITTED}, received_at__lt=before, interim_notice_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            s = Suggestion.objects.select_for_update().get(pk=pk)
            if s.interim_notice_at is not None or s.status not in OPEN_STATES:
                continue
            s.interim_notice_at = timezone.now()
            s.save(update_fields=["interim_notice_at", "updated_at"])
            record_event(s, None, K.INTERIM_NOTICE, message=_progress_text(s), index=False, **_progress_data(s))
            sent += 1
    return sent


def _progress_data(s: Suggestion) -> dict[str, Any]:
    return {"status": label(s.status), "due_date": s.due_date.isoformat() if s.due_date else "-"}


def ask_progress(user, suggestion: Suggestion) -> TimelineEvent:
    """진행 상황 문의: the author asks; a progress notice with the expected date answers at once and
    the department is told. Once a day per suggestion."""
    if not access.can_ask_progress(_principal(user), suggestion):
        raise _deny(gettext("작성자만 진행 상황을 문의할 수 있습니다."))
    with transaction.atomic():
        s = _lock(suggestion)
        if s.status not in OPEN_STATES:
            raise WorkflowError(gettext("처리가 끝난 제안입니다. 답변을 확인해 주세요."), code="closed")
        today_start = timezone.make_aware(dt.datetime.combine(deadlines.local_today(), dt.time.min))
        if s.events.filter(kind=K.PROGRESS_ASKED, created_at__gte=today_start).exists():
            raise WorkflowError(
                gettext("오늘 이미 진행 상황을 문의했습니다. 알림으로 보낸 안내를 확인해 주세요."), code="asked_today"
            )
        return record_event(s, user, K.PROGRESS_ASKED, message=_progress_text(s), index=False, **_progress_data(s))


def record_delay_reason(user, suggestion: Suggestion, reason: str) -> Suggestion:
    """처리 지연 사유: the department says why it runs late; the proposer sees it on the tracker."""
    if not access.can_record_delay_reason(_principal(user), suggestion):
        raise _deny()
    if not reason.strip():
        raise ValidationError({"reason": gettext("지연 사유를 입력해 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, OPEN_STATES, gettext("지연 사유 등록"))
        s.delay_reason = reason.strip()
        s.save(update_fields=["delay_reason", "updated_at"])
        record_event(s, user, K.DELAY_REASON, message=s.delay_reason)
    return s
