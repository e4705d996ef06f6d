"""Themes (significant terms), rising themes, trends, hotspots on corpora with planted signals."""

from datetime import date, timedelta

import pytest

from search.export import HOTSPOT_COLUMNS, hotspot_rows, rows_to_csv
from search.hotspots import hotspots
from search.params import ParamError, SearchParams
from search.themes import rising_themes, theme_period
from search.themes import themes as recurring_themes
from search.topics import trends
from suggestions.timebands import hours as parse_time_band
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

BACKGROUND = [
    ("골목 가로등 고장", "밤에 골목이 어두워요. 가로등을 고쳐 주세요."),
    ("집회 소음 문제", "주말 집회 확성기 소리가 커요."),
    ("택배 분실", "현관 앞 택배가 자꾸 없어져요."),
    ("음주운전 단속 요청", "유흥가 주변 음주 단속을 해 주세요."),
    ("신호등 점멸", "교차로 신호등이 밤에 점멸로 바뀌어 위험합니다."),
]


def plant(world, start: date, days: int, per_day_every: int, rows):
    made = []
    for i in range(0, days, per_day_every):
        title, body = rows[(i // per_day_every) % len(rows)]
        made.append(world.suggestion(title, body, created=(start + timedelta(days=i)).isoformat()))
    return made


def test_rising_and_recurring_themes_find_the_planted_theme(world, search_index):
    # Background: the same everyday topics all year; planted: 딥페이크 only in the last 30 days.
    plant(world, date(2026, 1, 1), 240, 3, BACKGROUND)
    planted = [
        ("딥페이크 합성 사진 피해", "학생 사진으로 딥페이크 영상을 만들어 단톡방에 퍼뜨렸어요."),
        ("딥페이크 성범죄 예방 교육", "중학교에서 딥페이크 피해 예방 교육을 해 주세요."),
        ("SNS 딥페이크 신고 방법", "딥페이크 영상을 어디에 신고하는지 몰라요."),
    ]
    plant(world, date(2026, 8, 1), 30, 3, planted)
    index_all()
    params = SearchParams(date_from=date(2026, 8, 1), date_to=date(2026, 8, 30))

    rising = rising_themes(world.principal(world.hq), params)
    assert rising and rising[0]["key"] == "딥페이크"
    assert rising[0]["doc_count"] == 10 and rising[0]["previous_count"] == 0
    assert "가로등" not in [r["key"] for r in rising[:3]]

    themes = recurring_themes(world.principal(world.hq), params)
    keys = [t["key"] for t in themes]
    assert keys[0] == "딥페이크"
    top = themes[0]
    assert top["doc_count"] == 10 and top["bg_count"] == 10 and top["score"] > 0
    assert len(top["examples"]) == 3 and all("딥페이크" in e["title"] for e in top["examples"])
    # Background topics are not "significant" in a period where they are as common as everywhere.
    assert "가로등" not in keys[:3]

    # Default period: the most recent quarter of the suggestions, ending with the newest one.
    # 80 background rows over Jan–Aug (one every 3 days) + 10 planted in August → 75th percentile ≈ late June.
    date_from, date_to = theme_period(world.principal(world.hq), SearchParams())
    assert date_to == date(2026, 8, 28)
    assert date(2026, 6, 1) <= date_from <= date(2026, 7, 29)
    assert theme_period(world.principal(world.hq), SearchParams(date_to=date(2026, 3, 31))) == (
        date(2026, 1, 1),
        date(2026, 3, 31),
    )


def test_trends_split_by_field_per_month_and_week(world, search_index, dataset):
    dataset.load(world, answers=False)
    index_all()
    monthly = trends(world.principal(world.hq), SearchParams(), "month")
    assert monthly["buckets"][0]["key"] == f"{dataset.first_month}-01"
    assert monthly["buckets"][-1]["key"] == f"{dataset.last_month}-01"
    assert sum(b["total"] for b in monthly["buckets"]) == dataset.total
    assert set(monthly["fields"]) == {"교통", "아동·여성", "범죄예방", "수사·안보", "집회·시위"}
    assert all(sum(b["by_field"].values()) == b["total"] for b in monthly["buckets"])
    weekly = trends(world.principal(world.hq), SearchParams(field="교통"), "week")
    assert sum(b["total"] for b in weekly["buckets"]) == dataset.fields["교통"] and len(weekly["buckets"]) > 40
    with pytest.raises(ParamError):
        trends(world.principal(world.hq), SearchParams(), "day")


def test_hotspots_grid_hours_and_csv(world, search_index, dataset):
    by_ref = dataset.load(world, answers=False)
    index_all()
    reports = [s for s in by_ref.values() if s.kind == "field_report"]
    data = hotspots(world.principal(world.hq), SearchParams())
    assert data["total"] == len(reports)
    assert sum(c["count"] for c in data["cells"]) == len(reports)
    for cell in data["cells"]:
        assert cell["south"] <= cell["lat"] <= cell["north"] and cell["west"] <= cell["lon"] <= cell["east"]
        assert cell["district"]
    # A 20:00-22:00 report (S001, T001) → hours 20 and 21 counted.
    hours = {h["hour"]: h["count"] for h in data["hours"]}
    expected_20 = sum(1 for s in reports if 20 in parse_time_band(s.time_band)[1])
    assert hours[20] == expected_20 > 0
    assert len(data["hours"]) == 24
    at_20 = hotspots(world.principal(world.hq), SearchParams(), hour=20)
    assert at_20["total"] == expected_20 == sum(c["count"] for c in at_20["cells"])
    assert at_20["hours"] == data["hours"]  # the histogram stays whole
    csv_bytes = rows_to_csv(hotspot_rows(data), HOTSPOT_COLUMNS)
    text = csv_bytes.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("격자(z/x/y),자치구,건수")
    assert len(text.strip().splitlines()) == len(data["cells"]) + 1


def test_parse_time_band():
    assert parse_time_band("22:00-01:00") == (22, [22, 23, 0])
    assert parse_time_band("20:00-22:00") == (20, [20, 21])
    assert parse_time_band("07:30-08:30") == (7, [7, 8])
    assert parse_time_band("") == (None, [])
    assert parse_time_band("nonsense") == (None, [])
