"""The public department statistics page, O(1) per request.

`selectors.department_stats()` aggregates every counted suggestion and walks every answered one in
Python (business days); per anonymous hit that was a denial-of-service vector. Here it runs in the
worker instead: every write marks the figures stale in its own transaction (`mark_stale`, called by
`services.events.record_event`) and queues one refresh through the outbox; the refresh recomputes
all departments once for however many marks it finds, and the page reads the stored rows
(`snapshot`: one query). Refreshes keep a gap proportional to their own cost (`_too_soon`); the
beat picks up what a skipped run left every minute, and rebuilds regardless every hour (the overdue
count moves with the date, not only with writes), as does `manage.py refresh_department_stats`.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.outbox import enqueue
from partners.models import Department

from . import selectors
from .stats_models import PublicDepartmentStats, PublicStatsStale

REFRESH_TASK = "suggestions.refresh_public_stats"
# pg_advisory_xact_lock key ("cheong stats"): refreshes run one at a time, so the one that read
# later also writes later and an older recompute never overwrites a newer one.
_LOCK_KEY = 0x43_68_53_74
FIGURES = (
    "total",
    "answered",
    "open",
    "overdue",
    "answer_rate",
    "avg_business_days",
    "avg_calendar_days",
    "satisfaction",
    "ratings",
)


def mark_stale() -> None:
    """In the write's transaction: a rolled-back write leaves no mark and queues nothing."""
    PublicStatsStale.objects.create()
    enqueue(REFRESH_TASK)


def _lock() -> None:
    if connection.vendor == "postgresql":  # SQLite (make run) already serialises writers
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def _too_soon() -> bool:
    """A recompute that took d seconds waits PUBLIC_STATS_REFRESH_GAP × d after the last one, so a
    steady stream of writes costs a bounded share of a worker (the marks wait for the next run)."""
    last = PublicDepartmentStats.objects.order_by("-computed_at").values("computed_at", "compute_seconds").first()
    if last is None:
        return False
    gap = dt.timedelta(seconds=settings.PUBLIC_STATS_REFRESH_GAP * last["compute_seconds"])
    return timezone.now() - last["computed_at"] < gap


def refresh(force: bool = False) -> bool:
    """Recompute every department's row if a write marked them stale (or `force`); True if it did."""
    with transaction.atomic():
        _lock()
        # Read after the lock: every mark seen here belongs to a committed write the recompute
        # below will see; marks committed later stay for the next run.
        last_mark = PublicStatsStale.objects.aggregate(last=Max("pk"))["last"]
        if not force and (last_mark is None or _too_soon()):
            return False
        now = timezone.now()
        started = time.perf_counter()
        computed = selectors.department_stats()
        seconds = time.perf_counter() - started
        rows = [
            PublicDepartmentStats(
                department=st.department,
                computed_at=now,
                compute_seconds=seconds,
                **{name: getattr(st, name) for name in FIGURES},
            )
            for st in computed
        ]
        PublicDepartmentStats.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["department"],
            update_fields=[*FIGURES, "computed_at", "compute_seconds"],
        )
        if last_mark is not None:
            PublicStatsStale.objects.filter(pk__lte=last_mark).delete()
    return True


def snapshot() -> tuple[list[selectors.DepartmentStats], dt.datetime | None]:
    """The stored figures of the active departments (one query) and when they were computed; a
    department added since the last refresh shows zeros until the next one."""
    result: list[selectors.DepartmentStats] = []
    stamp: dt.datetime | None = None
    departments = Department.objects.filter(is_active=True).select_related("public_stats").order_by("name")
    for department in departments:
        st = selectors.DepartmentStats(department)
        row = getattr(department, "public_stats", None)  # reverse one-to-one: absent until computed
        if row is not None:
            for name in FIGURES:
                setattr(st, name, getattr(row, name))
            stamp = row.computed_at if stamp is None else max(stamp, row.computed_at)
        result.append(st)
    return result, stamp
