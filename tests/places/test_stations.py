"""Seoul's 31 police stations: every 자치구 has one, a 법정동 row overrides its 자치구's."""

import pytest

from places import boundaries
from places.default_stations import DEFAULT_STATIONS, default_areas
from places.models import PoliceStation, StationArea
from places.stations import station_for
from suggestions.districts import SEOUL_DISTRICTS

pytestmark = pytest.mark.django_db

EXPECTED = {
    "강남구": "강남경찰서", "강동구": "강동경찰서", "강북구": "강북경찰서", "강서구": "강서경찰서",
    "관악구": "관악경찰서", "광진구": "광진경찰서", "구로구": "구로경찰서", "금천구": "금천경찰서",
    "노원구": "노원경찰서", "도봉구": "도봉경찰서", "동대문구": "동대문경찰서", "동작구": "동작경찰서",
    "마포구": "마포경찰서", "서대문구": "서대문경찰서", "서초구": "서초경찰서", "성동구": "성동경찰서",
    "성북구": "성북경찰서", "송파구": "송파경찰서", "양천구": "양천경찰서", "영등포구": "영등포경찰서",
    "용산구": "용산경찰서", "은평구": "은평경찰서", "종로구": "종로경찰서", "중구": "중부경찰서",
    "중랑구": "중랑경찰서",
}  # fmt: skip


def test_the_default_has_31_stations_each_covering_something():
    assert PoliceStation.objects.count() == len(DEFAULT_STATIONS) == 31
    assert not PoliceStation.objects.filter(areas__isnull=True).exists()


@pytest.mark.parametrize("district", SEOUL_DISTRICTS)
def test_station_for_every_district(district):
    assert station_for(district).name == EXPECTED[district]


@pytest.mark.parametrize(
    ("district", "dong", "station"),
    [
        ("중구", "남대문로5가", "남대문경찰서"),
        ("중구", "명동2가", "중부경찰서"),
        ("종로구", "혜화동", "혜화경찰서"),
        ("종로구", "청운동", "종로경찰서"),
        ("성북구", "종암동", "종암경찰서"),
        ("서초구", "방배동", "방배경찰서"),
        ("강남구", "수서동", "수서경찰서"),
        ("강남구", "역삼동", "강남경찰서"),
        ("은평구", "응암동", "서부경찰서"),
        ("은평구", "진관동", "은평경찰서"),
        ("강남구", "신사동", "강남경찰서"),  # 신사동 of 강남구, not the 은평구 one (서부)
    ],
)
def test_dong_rows_override_the_district(district, dong, station):
    assert station_for(district, dong).name == station


def test_default_dongs_exist_and_no_place_is_covered_twice():
    names = boundaries.dong_names()
    for _, district, dong in default_areas():
        assert not dong or district in names[dong], (district, dong)
    assert len({(d, g) for _, d, g in default_areas()}) == len(default_areas())


def test_an_admin_edit_moves_the_coverage_and_no_district_means_no_station():
    StationArea.objects.filter(district="강남구", dong="").update(station=PoliceStation.objects.get(name="수서경찰서"))
    assert station_for("강남구", "역삼동").name == "수서경찰서"
    assert station_for("") is None
    StationArea.objects.filter(district="마포구").delete()
    assert station_for("마포구", "아현동") is None


def test_changing_the_coverage_re_stations_the_reports(world, django_capture_on_commit_callbacks):
    from core.models import AuditLog

    s = world.file(district="", address="", lat=37.55583, lon=126.93413)  # 마포구 노고산동
    other = world.file(district="", address="", lat=37.55623, lon=126.93453)  # 서대문구 창천동
    assert s.station.name == "마포경찰서"
    with django_capture_on_commit_callbacks(execute=True):
        StationArea.objects.create(
            station=PoliceStation.objects.get(name="서부경찰서"), district="마포구", dong="노고산동"
        )
    s.refresh_from_db()
    other.refresh_from_db()
    assert s.station.name == "서부경찰서" and other.station.name == "서대문경찰서"
    assert AuditLog.objects.filter(action="suggestion.restationed", object_id=str(s.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        StationArea.objects.filter(district="마포구", dong="노고산동").delete()
    s.refresh_from_db()
    assert s.station.name == "마포경찰서"


def test_station_filters_the_api_list_and_is_in_the_payload(world):
    from rest_framework.test import APIClient

    world.file(title="강북", lat=37.63841, lon=127.02481)
    world.file(title="마포", lat=37.55583, lon=126.93413)
    api = APIClient()
    api.force_authenticate(world.officer_traffic)
    rows = api.get("/api/v1/suggestions/", {"station": "마포경찰서"}).json()["results"]
    assert [(r["title"], r["station"], r["dong"]) for r in rows] == [("마포", "마포경찰서", "노고산동")]
