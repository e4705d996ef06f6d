"""탄력순찰 services on the real database: requests from a hotspot cell grouped by station, the
week's plan, the patrol log that tells the reporters, and the refusals (nothing half-saved)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import DomainError
from suggestions.geo import tile_key
from suggestions.models import Notification, TimelineEvent
from suggestions.patrols import services
from suggestions.patrols.models import PatrolLog, PatrolPlan, PatrolRequest

pytestmark = pytest.mark.django_db

CELL = tile_key(37.63841, 127.02481)


def test_a_cell_becomes_one_request_per_station_with_its_reports(world, gangbuk_unit, fear_reports):
    a, b, _day = fear_reports
    [req] = services.create_requests(world.hq, cell_key=CELL, time_band="23:00-01:00", weekdays=[1])
    assert (req.station.name, req.department, req.label) == ("강북경찰서", world.safety, "강북구 수유동")
    assert set(req.reports.all()) == {a, b}  # the daytime report's band does not overlap
    assert req.status == PatrolRequest.Status.OPEN and req.weekdays == [1]
    assert 37.638 < req.lat < 37.639
    [again] = services.create_requests(world.hq, cell_key=CELL, time_band="23:00-01:00", weekdays=[1])
    assert again.pk == req.pk and PatrolRequest.objects.count() == 1  # asking twice makes no duplicate


def test_without_a_station_the_request_falls_back_to_the_district(world, fear_reports):
    a, b, _ = fear_reports
    a.__class__.objects.filter(pk__in=[a.pk, b.pk]).update(station=None)
    [req] = services.create_requests(world.hq, cell_key=CELL, time_band="22:00-02:00")
    assert (req.station, req.district, req.department) == (None, "강북구", None)
    assert req.area_label == "강북구"


def test_officers_plan_only_their_station(world, gangbuk_unit, fear_reports):
    with pytest.raises(PermissionDenied):
        services.create_requests(world.officer_traffic, cell_key=CELL)
    [req] = services.create_requests(world.officer_safety, cell_key=CELL)
    assert req.time_band == "22:00-02:00" and req.reports.count() == 3  # no band asked: the reports' usual one
    with pytest.raises(PermissionDenied):
        services.create_requests(world.member, cell_key=CELL)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cell_key": "14/1/99999"}, "격자 키"),
        ({"cell_key": "nonsense"}, "격자 키"),
        ({"cell_key": tile_key(37.5, 127.0)}, "현장 의견이 없습니다"),  # 서초 — nobody reported there
        ({"cell_key": CELL, "time_band": "25시"}, "시간대"),
        ({"cell_key": CELL, "weekdays": ["8"]}, "요일"),
    ],
)
def test_bad_cells_are_refused_in_korean(world, fear_reports, kwargs, message):
    with pytest.raises((ValidationError, DomainError), match=message):
        services.create_requests(world.hq, **kwargs)
    assert not PatrolRequest.objects.exists()


def test_plan_log_and_the_reporters_are_told(world, gangbuk_unit, fear_reports):
    a, b, _ = fear_reports
    [req] = services.create_requests(world.officer_safety, cell_key=CELL, time_band="22:00-02:00", weekdays=[1, 5])
    plan = services.plan_week(world.head_safety, requests=[req], year=2026, week=49, assignee=world.officer_safety)
    [spot] = plan.spots.all()
    req.refresh_from_db()
    assert req.status == PatrolRequest.Status.PLANNED and (spot.label, spot.time_band) == (
        "강북구 수유동",
        "22:00-02:00",
    )

    log = services.log_patrol(
        world.officer_safety, spot, date=dt.date(2026, 12, 1), time=dt.time(23, 10), notes="이상 없음"
    )
    notes = Notification.objects.filter(key__startswith=f"patrol-log:{log.pk}:", channel="in_app")
    assert {n.user for n in notes} == {world.member, world.member_other}
    assert {n.message for n in notes} == {"이번 주 강북구 수유동 일대를 23시에 순찰했습니다."}
    for report in (a, b):
        [event] = report.events.filter(kind=TimelineEvent.Kind.PATROLLED)
        assert event.message == "2026-12-01, 23:10 강북구 수유동 일대 순찰 완료 (시간대 22:00-02:00)"
        assert "안전" not in event.message and world.officer_safety.username not in event.message
    # Idempotent per (log, user): delivering again adds nothing.
    from suggestions.notifications import deliver

    assert deliver(world.member, kind="patrolled", message="x", key=f"patrol-log:{log.pk}") == 0


def test_refusals_leave_nothing_half_saved(world, gangbuk_unit, fear_reports):
    [req] = services.create_requests(world.hq, cell_key=CELL)
    with pytest.raises(ValidationError, match="하나 이상"):
        services.plan_week(world.hq, requests=[], year=2026, week=49)
    with pytest.raises(ValidationError, match="경찰관이어야"):
        services.plan_week(world.hq, requests=[req], year=2026, week=49, assignee=world.officer_traffic)
    with pytest.raises(ValidationError, match="2026-W49"):
        services.parse_week("49주")
    assert not PatrolPlan.objects.exists()
    plan = services.plan_week(world.hq, requests=[req], year=2026, week=49, assignee=world.officer_safety)
    spot = plan.spots.get()
    with pytest.raises(ValidationError, match="계획 주간"):
        services.log_patrol(world.officer_safety, spot, date=dt.date(2026, 12, 7), time=dt.time(22, 0))
    with pytest.raises(PermissionDenied):
        services.log_patrol(world.officer_traffic, spot, date=dt.date(2026, 12, 1), time=dt.time(22, 0))
    assert not PatrolLog.objects.exists()
    assert not TimelineEvent.objects.filter(kind=TimelineEvent.Kind.PATROLLED).exists()
