"""Writes of the briefings app: the request (audited, task queued through the outbox in the same
transaction) and the task's own progress, result and failure records."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, outbox
from core.errors import DomainError
from partners.access import can_request_briefing, principal_for

from .models import Briefing

TASK = "briefings.generate"


def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def request_briefing(user, month: dt.date) -> Briefing:
    """Queue the briefing of `month` (any day of it). A month that has not begun, or one whose
    briefing is still being made, is refused; a finished month may be regenerated (all are kept)."""
    if not can_request_briefing(principal_for(user)):
        raise PermissionDenied
    first = month_start(month)
    if first > month_start(timezone.localdate()):
        raise DomainError(_("아직 시작하지 않은 달의 브리핑은 만들 수 없습니다."), "briefing_future_month")
    with transaction.atomic():
        busy = Briefing.objects.select_for_update().filter(
            month=first, state__in=[Briefing.State.QUEUED, Briefing.State.RUNNING]
        )
        if busy.exists():
            raise DomainError(
                _("이 달의 브리핑을 이미 만들고 있습니다. 끝난 뒤 다시 요청하세요."), "briefing_in_progress"
            )
        briefing = Briefing.objects.create(month=first, requested_by=user, step=_("대기 중"))
        audit.record(user, "briefing.request", briefing, month=first.isoformat())
        outbox.enqueue(TASK, briefing.pk)
    return briefing


def claim(briefing_id: int) -> Briefing | None:
    """The task starts (or, redelivered, restarts) a briefing; None when it is already finished."""
    with transaction.atomic():
        briefing = Briefing.objects.select_for_update().filter(pk=briefing_id).first()
        if briefing is None or briefing.state in {Briefing.State.DONE, Briefing.State.FAILED}:
            return None
        briefing.state, briefing.progress, briefing.error = Briefing.State.RUNNING, 0, ""
        briefing.started_at = timezone.now()
        briefing.save(update_fields=["state", "progress", "error", "started_at"])
    return briefing


def report_progress(briefing: Briefing, progress: int, step: str) -> None:
    """Committed at once (the task runs outside a transaction), so the HQ page's poll sees it."""
    briefing.progress, briefing.step = max(0, min(progress, 100)), step[:200]
    Briefing.objects.filter(pk=briefing.pk).update(progress=briefing.progress, step=briefing.step)


def finish(briefing: Briefing, pdf: bytes, xlsx: bytes) -> Briefing:
    stem = f"cheong-briefing-{briefing.month:%Y-%m}-{briefing.pk}"
    with transaction.atomic():
        briefing.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        briefing.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        briefing.state, briefing.progress, briefing.step = Briefing.State.DONE, 100, _("완료")
        briefing.finished_at = timezone.now()
        briefing.save(update_fields=["pdf", "xlsx", "state", "progress", "step", "finished_at"])
        audit.record(None, "briefing.done", briefing, month=briefing.month.isoformat())
    return briefing


def fail(briefing_id: int, error: str) -> None:
    with transaction.atomic():
        briefing = Briefing.objects.select_for_update().filter(pk=briefing_id).first()
        if briefing is None or briefing.state == Briefing.State.DONE:
            return
        briefing.state, briefing.error = Briefing.State.FAILED, error[:2000]
        briefing.step, briefing.finished_at = _("실패"), timezone.now()
        briefing.save(update_fields=["state", "error", "step", "finished_at"])
        audit.record(None, "briefing.failed", briefing, error=error[:200])


def note_waiting(briefing_id: int, step: str) -> None:
    """A service the briefing needs is down: the task retries later; the page says why it waits."""
    Briefing.objects.filter(pk=briefing_id, state__in=[Briefing.State.QUEUED, Briefing.State.RUNNING]).update(
        state=Briefing.State.QUEUED, step=step[:200]
    )
