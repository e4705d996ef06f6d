"""The hotspot view's weekday dimension (Seoul time, next to the hours) and its 탄력순찰 action, on
the real Elasticsearch: the weekday histogram, address-only reports counted and marked approximate,
and the per-cell "순찰 요청 만들기" form that turns the cell into a patrol request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from search.hotspots import HotspotFilters, hotspots
from search.params import SearchParams
from suggestions.patrols.models import PatrolRequest
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

SEOUL = dt.timezone(dt.timedelta(hours=9))
MONDAY_LATE = dt.datetime(2026, 3, 2, 23, 30, tzinfo=SEOUL)  # 14:30 UTC: still Monday in Seoul
SUNDAY_EARLY = dt.datetime(2026, 3, 8, 0, 30, tzinfo=SEOUL)  # Saturday 15:30 UTC, Sunday in Seoul


@pytest.fixture
def night_reports(world, search_index):
    world.file(title="수유역 골목 무서워요", created_at=MONDAY_LATE)
    world.file(title="수유역 뒤편 어두움", created_at=SUNDAY_EARLY)
    world.file(
        title="역삼동 먹자골목 불안",
        district="",
        address="강남구 역삼1동 먹자골목",
        lat=None,
        lon=None,
        created_at=SUNDAY_EARLY,
    )
    index_all()


def test_weekday_histogram_counts_in_seoul_time(world, night_reports):
    hq = world.principal(world.hq)
    data = hotspots(hq, SearchParams())
    assert [d["count"] for d in data["weekdays"]] == [1, 0, 0, 0, 0, 0, 2]  # Monday, … Sunday
    assert data["approximate"] == 1 and data["total"] == 3
    sunday_only = hotspots(hq, SearchParams(), filters=HotspotFilters(weekdays=(7,)))
    assert [d["count"] for d in sunday_only["weekdays"]] == [0, 0, 0, 0, 0, 0, 2]


def test_the_page_shows_weekdays_and_makes_a_patrol_request_from_a_cell(client, world, night_reports):
    client.force_login(world.hq)
    page = client.get(reverse("search:hotspots")).content.decode()
    assert 'id="weekday-table"' in page and 'data-weekday="7">2<' in page and 'data-weekday="1">1<' in page
    assert 'id="approximate-note"' in page and "대략 위치" in page
    assert page.count('class="patrol-request"') == 2  # one form per cell (수유동, 역삼동)
    key = hotspots(world.principal(world.hq), SearchParams())["cells"][0]["key"]
    r = client.post(reverse("suggestions_patrols:create_request"), {"cell_key": key, "weekday": ["7"]})
    assert r.status_code == 302
    req = PatrolRequest.objects.get()
    assert req.weekdays == [7] and req.reports.count() >= 1
    client.force_login(world.member)
    assert client.get(reverse("search:hotspots")).status_code == 404
