"""탄력순찰 fixtures: fear reports around 수유역 (강북경찰서) and the department that patrols there."""

from __future__ import annotations

import datetime as dt

import pytest

from places.models import PoliceStation
from suggestions.models import Suggestion
from suggestions.patrols.models import PatrolUnit

SEOUL = dt.timezone(dt.timedelta(hours=9))
MONDAY_NIGHT = dt.datetime(2026, 11, 30, 22, 30, tzinfo=SEOUL)  # Monday of ISO week 2026-W49


@pytest.fixture
def gangbuk_unit(world):
    """생활안전과 patrols for 강북경찰서 (수유동 reports)."""
    return PatrolUnit.objects.create(station=PoliceStation.objects.get(name="강북경찰서"), department=world.safety)


@pytest.fixture
def fear_reports(world):
    """Two members' night-time fear reports at 수유역 and one daytime report there."""
    night = {"risk_type": Suggestion.RiskType.RESIDENT_ANXIETY, "time_band": "22:00-02:00", "created_at": MONDAY_NIGHT}
    a = world.file(title="수유역 뒷골목이 무서워요", **night)
    b = world.file(world.member_other, title="수유역 4번 출구 어두움", lat=37.6381, lon=127.0252, **night)
    day = world.file(title="낮에도 불안", time_band="12:00-14:00", risk_type=Suggestion.RiskType.CRIME_CONCERN)
    return a, b, day
