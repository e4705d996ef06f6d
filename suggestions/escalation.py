"""Escalation past the D-3 / due-day reminders (suggestions.notifications): every overdue item of a
department to its heads each day, and HQ's weekly picture per department. Called by beat tasks
(suggestions.tasks); each message is one Notification per user and channel with a key per day or
ISO week, so a repeated run sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext

from partners.models import Department

from . import deadlines
from .models import Suggestion
from .notifications import _department_users, _iso, deliver, hq_users
from .workflow import CLOCK_STATES, OPEN_STATES

# A head's list names every overdue item; past this many the message says how many more there are.
HEAD_DIGEST_ROWS = 200


def send_head_overdue_digests(today: dt.date | None = None) -> int:
    """Daily: each department's heads get the list of every overdue suggestion of the department
    (oldest deadline first, with the recorded delay reason)."""
    today = today or deadlines.local_today()
    overdue = Suggestion.objects.filter(status__in=CLOCK_STATES, due_date__lt=today, department__isnull=False)
    sent = 0
    for department_id in overdue.values_list("department_id", flat=True).distinct().order_by("department_id"):
        items = list(overdue.filter(department_id=department_id).order_by("due_date", "pk"))
        lines = [gettext("[기한 경과] 부서의 처리 기한이 지난 제안 %(count)d건") % {"count": len(items)}]
        for s in items[:HEAD_DIGEST_ROWS]:
            reason = gettext(" (지연 사유: %(reason)s)") % {"reason": s.delay_reason} if s.delay_reason else ""
            # Words between the numbers: the PII mask reads "#12 2026-11-20" as a phone number.
            lines.append(
                gettext("- %(title)s: 기한 %(due)s, 제안 #%(pk)s%(reason)s")
                % {"title": s.title, "due": _iso(s.due_date), "pk": s.pk, "reason": reason}
            )
        if len(items) > HEAD_DIGEST_ROWS:
            lines.append(gettext("… 외 %(more)d건") % {"more": len(items) - HEAD_DIGEST_ROWS})
        for user in _department_users(department_id, heads_only=True):
            sent += deliver(
                user,
                kind="overdue_department",
                message="\n".join(lines),
                key=f"overdue-dept:{department_id}:{today.isoformat()}",
                link=settings.SITE_URL + reverse("suggestions_inbox:index") + "?due=overdue",
            )
    return sent


def department_summary(today: dt.date) -> list[dict]:
    """Per active department: open, overdue and the oldest overdue deadline (for HQ's weekly digest)."""
    rows = (
        Department.objects.filter(is_active=True)
        .annotate(
            open_count=Count("suggestions", filter=Q(suggestions__status__in=OPEN_STATES)),
            overdue_count=Count(
                "suggestions", filter=Q(suggestions__status__in=CLOCK_STATES, suggestions__due_date__lt=today)
            ),
            oldest_due=Min(
                "suggestions__due_date",
                filter=Q(suggestions__status__in=CLOCK_STATES, suggestions__due_date__lt=today),
            ),
        )
        .order_by("-overdue_count", "name")
    )
    return [
        {"department": d.name, "open": d.open_count, "overdue": d.overdue_count, "oldest_due": d.oldest_due}
        for d in rows
    ]


def send_hq_weekly_department_digest(today: dt.date | None = None) -> int:
    """Weekly: HQ gets, per department, how many are open, how many overdue and since when."""
    today = today or deadlines.local_today()
    year, week, _ = today.isocalendar()
    rows = department_summary(today)
    lines = [gettext("[주간 처리 현황] 부서별 미처리·기한 경과 (%(today)s 기준)") % {"today": today.isoformat()}]
    lines += [
        gettext("- %(department)s: 처리 중 %(open)d건, 기한 경과 %(overdue)d건 (가장 오래된 기한 %(oldest)s)")
        % {**row, "oldest": _iso(row["oldest_due"])}
        for row in rows
    ]
    unrouted = Suggestion.objects.filter(status__in=CLOCK_STATES, due_date__lt=today, department__isnull=True)
    if (count := unrouted.count()) > 0:
        lines.append(gettext("- 미배정(본청 분류함): 기한 경과 %(count)d건") % {"count": count})
    sent = 0
    for user in hq_users():
        sent += deliver(
            user,
            kind="weekly_departments",
            message="\n".join(lines),
            key=f"hq-weekly:{year}-W{week:02d}",
            link=settings.SITE_URL + reverse("suggestions:hq"),
        )
    return sent
