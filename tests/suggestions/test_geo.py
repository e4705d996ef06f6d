"""The shared Seoul geography (suggestions.geo) and the location rules of filing: coordinates must lie
in Seoul's box, and a pin without a chosen district gets the nearest district."""

import math

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from suggestions import geo
from suggestions.districts import SEOUL_DISTRICTS
from suggestions.models import Suggestion

BBOX_ERROR = "서울시 밖의 위치입니다"


# --- pure functions ---------------------------------------------------------------------------


def test_every_district_has_a_centre_inside_the_box():
    assert set(geo.DISTRICT_CENTERS) == set(SEOUL_DISTRICTS)
    for name, (lat, lon) in geo.DISTRICT_CENTERS.items():
        assert geo.in_seoul_bbox(lat, lon), name


def test_search_uses_the_same_geography():
    from search import geo as search_geo

    assert search_geo.SEOUL_BBOX is geo.SEOUL_BBOX and search_geo.DISTRICT_CENTERS is geo.DISTRICT_CENTERS


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [
        (37.5665, 126.9780, True),  # 서울시청
        (37.413, 126.764, True),  # the box's corner is inside
        (37.715, 127.184, True),
        (37.4129, 127.0, False),  # just south (과천)
        (37.7151, 127.0, False),  # just north (의정부)
        (37.5, 126.7639, False),  # just west (부천)
        (37.5, 127.1841, False),  # just east (하남)
        (35.1796, 129.0756, False),  # 부산
        (0.0, 0.0, False),
        (None, 127.0, False),
        (37.5, None, False),
        (math.nan, 127.0, False),
        (37.5, math.inf, False),
        ("37.5", "127.0", True),
        ("abc", "127.0", False),
    ],
)
def test_in_seoul_bbox(lat, lon, inside):
    assert geo.in_seoul_bbox(lat, lon) is inside


def test_a_district_centre_is_its_own_nearest_district():
    for name, (lat, lon) in geo.DISTRICT_CENTERS.items():
        assert geo.nearest_district(lat, lon) == name


@pytest.mark.parametrize(
    ("lat", "lon", "district"),
    [
        (37.63841, 127.02481, "강북구"),  # 수유역
        (37.4979, 127.0276, "서초구"),  # 강남역 (the 강남/서초 border; 서초구청 is nearer)
        (37.5088, 127.0631, "강남구"),  # 삼성역 · 코엑스
        (37.5133, 127.1001, "송파구"),  # 잠실역
        (37.5157, 126.9074, "영등포구"),  # 영등포역 (여의도 itself falls to 동작구: centres, not borders)
        (37.5796, 126.9770, "종로구"),  # 경복궁
        (37.5612, 126.9942, "중구"),  # 충무로역
        (37.6542, 127.0610, "노원구"),  # 노원역
        (37.5600, 126.8000, "강서구"),  # 김포공항 쪽
    ],
)
def test_nearest_district_of_landmarks(lat, lon, district):
    assert geo.nearest_district(lat, lon) == district


def test_longitude_is_scaled_by_latitude():
    """A point equally far in degrees east and north is nearer (in metres) to the eastern centre:
    one degree of longitude at 37.5° N is only ~0.79 of a degree of latitude."""
    saved = dict(geo.DISTRICT_CENTERS)
    try:
        geo.DISTRICT_CENTERS.clear()
        geo.DISTRICT_CENTERS.update({"북쪽": (37.55, 127.0), "동쪽": (37.5, 127.05)})
        assert geo.nearest_district(37.5, 127.0) == "동쪽"
    finally:
        geo.DISTRICT_CENTERS.clear()
        geo.DISTRICT_CENTERS.update(saved)


def test_map_data_is_json_ready_and_the_river_crosses_the_city():
    data = geo.map_data()
    assert data["bbox"] == geo.SEOUL_BBOX
    assert len(data["districts"]) == 25 and data["districts"]["중구"] == [37.5641, 126.9979]
    river = data["river"]
    assert len(river) >= 10 and all(geo.in_seoul_bbox(lat, lon) for lat, lon in river)
    assert [lon for _, lon in river] == sorted(lon for _, lon in river)  # west → east


# --- filing rules (services) ------------------------------------------------------------------


@pytest.mark.django_db
def test_pin_without_district_gets_the_nearest_district_and_is_routed(world):
    s = world.file(district="", address="", lat=37.5088, lon=127.0631)
    assert s.district == "강남구" and (s.lat, s.lon) == (37.5088, 127.0631)
    assert s.status == Suggestion.Status.ASSIGNED


@pytest.mark.django_db
def test_a_chosen_district_is_kept_even_if_the_pin_is_nearer_another(world):
    s = world.file(district="서초구", lat=37.5088, lon=127.0631)
    assert s.district == "서초구"


@pytest.mark.django_db
def test_no_pin_no_derived_district(world):
    s = world.file(district="", address="수유역 4번 출구", lat=None, lon=None)
    assert s.district == "" and s.lat is None


@pytest.mark.django_db
@pytest.mark.parametrize(("lat", "lon"), [(35.1796, 129.0756), (37.40, 127.0), (0.0, 0.0), (91.0, 127.0)])
def test_coordinates_outside_seoul_are_refused(world, lat, lon):
    before = Suggestion.objects.count()
    with pytest.raises(ValidationError) as exc:
        world.file(lat=lat, lon=lon)
    assert BBOX_ERROR in exc.value.message_dict["lat"][0]
    assert Suggestion.objects.count() == before


@pytest.mark.django_db
def test_half_a_coordinate_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        world.file(lat=37.5, lon=None)
    assert "함께" in exc.value.message_dict["lat"][0]


# --- the filing form (view → form → service) --------------------------------------------------


def _post(client, world, **overrides):
    client.force_login(world.member)
    data = {
        "kind": "field_report",
        "title": "지도에서 고른 현장 의견",
        "body": "밤마다 어둡습니다.",
        "field": world.fields["범죄예방"].pk,
        "group": world.member.memberships.first().group_id,
        "visibility": "public",
        "district": "",
        "address": "",
        "lat": "37.51330",
        "lon": "127.10010",
    }
    data.update(overrides)
    return client.post(reverse("suggestions:create"), data)


@pytest.mark.django_db
def test_form_shows_the_map_picker_with_its_data_and_keyboard_alternative(client, world):
    client.force_login(world.member)
    html = client.get(reverse("suggestions:create")).content.decode()
    assert 'data-map-picker="edit"' in html and 'role="application"' in html and 'tabindex="0"' in html
    assert "&quot;bbox&quot;:{&quot;south&quot;:37.413" in html  # the map data, escaped in data-map
    assert "js/map-picker.js" in html
    assert 'id="id_address"' in html and 'id="id_district"' in html  # the no-JS / keyboard alternative


@pytest.mark.django_db
def test_form_with_a_pin_only_files_with_the_nearest_district(client, world):
    response = _post(client, world)
    assert response.status_code == 302, response.content.decode()[:2000]
    s = Suggestion.objects.get(title="지도에서 고른 현장 의견")
    assert (s.lat, s.lon, s.district) == (37.5133, 127.1001, "송파구")
    detail = client.get(response["Location"]).content.decode()
    assert 'data-map-picker="view"' in detail and 'data-lat="37.51330"' in detail and 'data-lon="127.10010"' in detail


@pytest.mark.django_db
def test_form_outside_seoul_shows_a_korean_error_on_the_coordinates(client, world):
    response = _post(client, world, lat="35.17960", lon="129.07560")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert BBOX_ERROR in errors["lat"][0]
    assert BBOX_ERROR in response.content.decode()
    assert not Suggestion.objects.filter(title="지도에서 고른 현장 의견").exists()


@pytest.mark.django_db
def test_detail_of_a_report_without_coordinates_has_no_map(client, world):
    s = world.file(lat=None, lon=None)
    client.force_login(world.member)
    html = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "data-map-picker" not in html and "map-picker.js" not in html
