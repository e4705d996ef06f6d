"""Korean business-day arithmetic (weekends, 설날, 추석, 대체공휴일) with the holidays package."""

import datetime as dt

import pytest

from partners.models import Department
from suggestions import deadlines
from suggestions.models import Suggestion

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 20), 1, D(2026, 11, 23)),  # Fri + 1 → Mon
        (D(2026, 11, 21), 1, D(2026, 11, 23)),  # Sat + 1 → Mon
        (D(2026, 11, 23), 14, D(2026, 12, 11)),  # plain weeks
        # 설날 2026: Feb 16–18 (Mon–Wed). Fri Feb 13 + 1 → Thu Feb 19.
        (D(2026, 2, 13), 1, D(2026, 2, 19)),
        (D(2026, 2, 9), 14, D(2026, 3, 5)),  # across 설날 and 삼일절's substitute (Mon Mar 2)
        # 추석 2026: Sep 24–26 (Thu–Sat); 개천절 Sat Oct 3 → substitute Mon Oct 5; 한글날 Fri Oct 9.
        (D(2026, 9, 23), 1, D(2026, 9, 28)),
        (D(2026, 9, 21), 14, D(2026, 10, 15)),  # 추석, 개천절 substitute, 한글날
        # 추석 2025: Oct 5–7 + substitute Oct 8, 개천절 Oct 3, 한글날 Oct 9.
        (D(2025, 10, 2), 1, D(2025, 10, 10)),
        (D(2025, 12, 24), 2, D(2025, 12, 29)),  # Christmas
        (D(2026, 11, 21), 0, D(2026, 11, 23)),  # 0 days: next business day on/after
    ],
)
def test_add_business_days(start, days, expected):
    assert deadlines.add_business_days(start, days) == expected


def test_holidays_and_substitutes():
    assert deadlines.is_holiday(D(2026, 2, 17))  # 설날
    assert deadlines.is_holiday(D(2026, 9, 25))  # 추석
    assert deadlines.is_holiday(D(2026, 10, 5))  # 개천절 대체공휴일
    assert deadlines.is_holiday(D(2026, 3, 2))  # 삼일절 대체공휴일
    assert deadlines.is_holiday(D(2025, 10, 8))  # 추석 대체공휴일
    assert not deadlines.is_business_day(D(2026, 11, 22))  # Sunday
    assert deadlines.is_business_day(D(2026, 11, 23))


def test_business_days_between():
    assert deadlines.business_days_between(D(2026, 9, 23), D(2026, 9, 28)) == 1
    assert deadlines.business_days_between(D(2026, 9, 28), D(2026, 9, 23)) == 0
    assert deadlines.business_days_between(D(2026, 2, 13), D(2026, 2, 20)) == 2
    for start, days in [(D(2026, 2, 9), 14), (D(2025, 9, 29), 30)]:
        assert deadlines.business_days_between(start, deadlines.add_business_days(start, days)) == days


def test_days_left_and_overdue():
    assert deadlines.days_left(D(2026, 10, 15), today=D(2026, 9, 21)) == 14
    assert deadlines.days_left(D(2026, 9, 28), today=D(2026, 10, 2)) == -4
    assert deadlines.days_left(None) is None


def test_answer_days_by_kind_and_department():
    dept = Department(answer_days=14, proposal_answer_days=30)
    assert deadlines.answer_days_for(Suggestion.Kind.FIELD_REPORT, dept) == 14
    assert deadlines.answer_days_for(Suggestion.Kind.PROPOSAL, dept) == 30
    assert deadlines.answer_days_for(Suggestion.Kind.PROPOSAL, None) == 30
    # A proposal received the day before 추석 2026: 30 business days later.
    assert deadlines.due_date_for(Suggestion.Kind.PROPOSAL, dept, D(2026, 9, 23)) == D(2026, 11, 10)


def test_fast_count_matches_day_by_day():
    def slow(start, end):
        n, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            n += deadlines.is_business_day(day)
        return n

    start = D(2025, 1, 1)
    for offset in range(0, 700, 13):
        for length in (0, 1, 5, 6, 7, 8, 30, 95, 400):
            a = start + dt.timedelta(days=offset)
            b = a + dt.timedelta(days=length)
            assert deadlines.business_days_between(a, b) == slow(a, b), (a, b)
