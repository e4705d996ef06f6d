"""Korean business days: weekends and Korean public holidays (incl. 대체공휴일) are not counted.

Legal answer deadlines: 14 business days for field reports / 건의 (department.answer_days) and
department.proposal_answer_days (30 by default) for policy proposals, counted from the day after
receipt. A supplement request pauses the clock; the paused business days are added back.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

DEFAULT_REPORT_DAYS = 14
DEFAULT_PROPOSAL_DAYS = 30


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
