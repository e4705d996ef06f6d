"""Korean business days: weekends and Korean public holidays (incl. 대체공휴일) are not counted.

Legal answer deadlines: 14 business days for field reports / 건의 (department.answer_days) and
department.proposal_answer_days (30 by default) for policy proposals, counted from the day after
receipt. A supplement request pauses the clock; the paused business days are added back — for a
policy proposal only when the request came within CORRECTION_WINDOW_DAYS of receipt (국민 제안 규정
제6조②). The rules with their sources and tests: docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

DEFAULT_REPORT_DAYS = 14
DEFAULT_PROPOSAL_DAYS = 30
# 국민 제안 규정 제6조②: a correction requested within 7 days of receipt does not count (business days here,
# like every period of this module).
CORRECTION_WINDOW_DAYS = 7
# A suggestion still open this many calendar days after receipt: the proposer gets a progress notice.
INTERIM_NOTICE_DAYS = 30


@lru_cache(maxsize=1)
def _kr() -> holidays.HolidayBase:
    """Korean public holidays incl. 대체공휴일; years are filled in on first use."""
    return holidays.country_holidays("KR")


def is_holiday(day: dt.date) -> bool:
    return day in _kr()


def is_business_day(day: dt.date) -> bool:
    return _kr().is_working_day(day)


# holidays walks day by day (~150 µs a month); statistics and lists ask for the same dates again and
# again, and the calendar of a given holidays release never changes, so the answers are memoized.
@lru_cache(maxsize=65536)
def add_business_days(start: dt.date, days: int) -> dt.date:
    """The date `days` business days after `start` (start itself not counted).

    add_business_days(Fri, 1) is the next Monday (unless it is a holiday); days=0 returns the next
    business day on or after start."""
    return _kr().get_nth_working_day(start, max(days, 0))


@lru_cache(maxsize=65536)
def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days in (start, end]: how many the clock ran from start to end. 0 if end <= start."""
    if end <= start:
        return 0
    # holidays counts the closed range [a, b]; start itself is not counted.
    return _kr().get_working_days_count(start + dt.timedelta(days=1), end)


def answer_days_for(kind: str, department) -> int:
    from .models import Suggestion

    if kind == Suggestion.Kind.PROPOSAL:
        return getattr(department, "proposal_answer_days", None) or DEFAULT_PROPOSAL_DAYS
    return getattr(department, "answer_days", None) or DEFAULT_REPORT_DAYS


def due_date_for(kind: str, department, received_on: dt.date) -> dt.date:
    return add_business_days(received_on, answer_days_for(kind, department))


def local_today() -> dt.date:
    return timezone.localdate()


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def days_left(due: dt.date | None, today: dt.date | None = None) -> int | None:
    """Business days left until `due` (negative business days when overdue)."""
    if due is None:
        return None
    today = today or local_today()
    if due >= today:
        return business_days_between(today, due)
    return -business_days_between(due, today)


def max_extended_due(kind: str, department, due: dt.date) -> dt.date:
    """The latest date one extension may set: the current due date plus the original period."""
    return add_business_days(due, answer_days_for(kind, department))


def supplement_stops_clock(kind: str, received_on: dt.date | None, requested_on: dt.date) -> bool:
    """Whether a supplement (보완) request made on `requested_on` stops the clock.

    Field reports: always (민원 처리 절차). Policy proposals: only a request within
    CORRECTION_WINDOW_DAYS business days after receipt (국민 제안 규정 제6조②); a later one runs on the clock."""
    from .models import Suggestion

    if kind != Suggestion.Kind.PROPOSAL or received_on is None:
        return True
    return business_days_between(received_on, requested_on) <= CORRECTION_WINDOW_DAYS


def interim_notice_due(received_on: dt.date, today: dt.date) -> bool:
    """Open INTERIM_NOTICE_DAYS calendar days after receipt (or longer)."""
    return (today - received_on).days >= INTERIM_NOTICE_DAYS
