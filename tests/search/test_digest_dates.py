"""The weekly saved-search digest counts weeks by Seoul dates, whatever the UTC date is.

Time is frozen at 08:30 KST on a Tuesday (23:30 UTC the day before): the window in which the UTC
date is still yesterday. This morning's suggestions belong to this Seoul week."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from search import digest
from search.models import SavedSearch
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
TUESDAY_0830_KST = dt.datetime(2026, 11, 24, 8, 30, tzinfo=SEOUL)


def test_digest_counts_this_mornings_suggestions_in_this_seoul_week(world, search_index):
    with time_machine.travel(TUESDAY_0830_KST, tick=True):
        now = timezone.now()
        assert now.date() == dt.date(2026, 11, 23)  # UTC: still Monday
        assert timezone.localdate(now) == dt.date(2026, 11, 24)  # Seoul: Tuesday
        saved = SavedSearch.objects.create(
            owner=world.hq, name="킥보드", params={"q": "킥보드", "sort": "relevance"}, last_digest_at=None
        )
        for weeks_ago in (4, 3, 2, 1):  # one a week before: a quiet baseline
            world.suggestion(
                "킥보드 인도 주행", "인도 주행", field="교통", created_at=now - dt.timedelta(weeks=weeks_ago)
            )
        for hours in (1, 2, 3, 4):  # this Tuesday morning (KST), Monday evening in UTC
            world.suggestion(
                f"전동킥보드 사고 {hours}", "전동킥보드 사고", field="교통", created_at=now - dt.timedelta(hours=hours)
            )
        index_all()
        result = digest.digest_for(saved, now)
    assert result is not None
    assert result["new_count"] == 4
    assert result["weekly"][-1] == 4, result["weekly"]  # this Seoul week (since Monday 00:00 KST)
    assert result["spike"] is True
