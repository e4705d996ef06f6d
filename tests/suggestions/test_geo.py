"""Where a report is (suggestions.geo): a pin resolves to its 자치구 / 법정동 on the real boundaries,
an address alone is placed at its 법정동 (or 자치구) centroid and flagged approximate, coordinates
outside Seoul are refused with nothing saved; and non-police viewers never get the exact pin."""

import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from places import boundaries
from suggestions import geo
from suggestions.models import Suggestion

OUTSIDE = "서울시 밖의 위치입니다"
MAPO_SIDE = (37.55583, 126.93413)  # 노고산동, ~30 m from the 서대문구 border
SEODAEMUN_SIDE = (37.55623, 126.93453)  # 창천동
GWACHEON = (37.4292, 126.9876)  # 과천시청: inside Seoul's bounding box


# --- pure rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "district", "expected"),
    [
        ("강남구 역삼1동 123-4", "", ("강남구", "역삼동")),  # a 행정동 name gives its 법정동
        ("서울 종로구 명륜2가 4", "", ("종로구", "명륜2가")),
        ("신사동 가로수길", "", ("", "")),  # in 강남구 and 은평구: ambiguous without a 자치구
        ("신사동 10", "은평구", ("은평구", "신사동")),
        ("수유역 4번 출구", "강북구", ("강북구", "")),
        ("", "", ("", "")),
    ],
)
def test_match_address(address, district, expected):
    assert geo.match_address(address, district) == expected


def test_coarsen_snaps_to_a_150_m_cell_centre():
    lat, lon = geo.coarsen(37.63841, 127.02481)
    assert geo.is_coarse(lat, lon) and not geo.is_coarse(37.63841, 127.02481)
    assert abs(lat - 37.63841) <= geo.GRID_LAT / 2 and abs(lon - 127.02481) <= geo.GRID_LON / 2
    assert geo.coarsen(37.63841 + 1e-5, 127.02481 - 1e-5) == (lat, lon)  # nearby pins share the cell
    assert 140 < geo.GRID_LAT * 111_320 < 160


# --- filing (service) -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("point", "district", "dong", "station"),
    [(MAPO_SIDE, "마포구", "노고산동", "마포경찰서"), (SEODAEMUN_SIDE, "서대문구", "창천동", "서대문경찰서")],
)
def test_pins_either_side_of_a_border_are_placed_and_routed_by_their_district(world, point, district, dong, station):
    s = world.file(district="", address="", lat=point[0], lon=point[1])
    assert (s.district, s.dong, s.station.name) == (district, dong, station)
    assert (s.lat, s.lon) == point and not s.location_approximate
    assert s.status == Suggestion.Status.ASSIGNED


@pytest.mark.django_db
def test_the_pin_decides_the_district_over_a_contradicting_choice(world):
    s = world.file(district="서대문구", lat=MAPO_SIDE[0], lon=MAPO_SIDE[1])
    assert s.district == "마포구"


@pytest.mark.django_db
def test_address_only_report_is_placed_at_its_dong_and_flagged(world):
    s = world.file(district="", address="강남구 역삼1동 골목길", lat=None, lon=None)
    assert (s.district, s.dong, s.station.name) == ("강남구", "역삼동", "강남경찰서")
    assert s.location_approximate and (s.lat, s.lon) == boundaries.dong_centroid("강남구", "역삼동")


@pytest.mark.django_db
def test_district_only_report_is_placed_at_the_district_centroid(world):
    s = world.file(district="강북구", address="수유역 4번 출구", lat=None, lon=None)
    assert s.location_approximate and s.dong == "" and (s.lat, s.lon) == boundaries.district_centroid("강북구")
    assert s.station.name == "강북경찰서"


@pytest.mark.django_db
def test_an_address_naming_no_place_has_no_location(world):
    s = world.file(district="", address="우리 동네 놀이터", lat=None, lon=None)
    assert (s.district, s.lat, s.station, s.location_approximate) == ("", None, None, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lat", "lon"), [GWACHEON, (37.5035, 126.7660), (35.1796, 129.0756), (0.0, 0.0), (91.0, 127.0)]
)
def test_coordinates_outside_seoul_are_refused_and_nothing_is_saved(world, lat, lon):
    before = Suggestion.objects.count()
    with pytest.raises(ValidationError) as exc:
        world.file(lat=lat, lon=lon)
    assert OUTSIDE in exc.value.message_dict["lat"][0]
    assert Suggestion.objects.count() == before


@pytest.mark.django_db
def test_half_a_coordinate_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        world.file(lat=37.5, lon=None)
    assert "함께" in exc.value.message_dict["lat"][0]


# --- form and API -----------------------------------------------------------------------------


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
def test_form_with_a_pin_files_with_the_resolved_place(client, world):
    response = _post(client, world)
    assert response.status_code == 302, response.content.decode()[:2000]
    s = Suggestion.objects.get(title="지도에서 고른 현장 의견")
    assert (s.lat, s.lon, s.district, s.dong) == (37.5133, 127.1001, "송파구", "잠실동")


@pytest.mark.django_db
def test_form_in_gwacheon_shows_a_korean_error(client, world):
    response = _post(client, world, lat=str(GWACHEON[0]), lon=str(GWACHEON[1]))
    assert response.status_code == 200
    assert OUTSIDE in response.context["form"].errors["lat"][0] and OUTSIDE in response.content.decode()
    assert not Suggestion.objects.filter(title="지도에서 고른 현장 의견").exists()


@pytest.mark.django_db
def test_api_in_gwacheon_is_a_400_with_a_korean_error(world):
    api = APIClient()
    api.force_authenticate(world.member)
    before = Suggestion.objects.count()
    response = api.post(
        "/api/v1/suggestions/",
        {"kind": "field_report", "title": "과천", "body": "본문", "field": world.fields["교통"].slug,
         "lat": GWACHEON[0], "lon": GWACHEON[1], "time_band": "22:00-02:00"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and OUTSIDE in str(response.json())
    assert Suggestion.objects.count() == before


# --- privacy: page context and API ------------------------------------------------------------

PIN = (37.63841, 127.02481)  # tests.world's default (수유역)
NUMBER = re.compile(r"\d{2,3}\.\d+")


def _on_the_grid(lat: float, lon: float) -> bool:
    """A cell centre or a cell corner: derived from the grid alone (up to the 5-decimal rounding), not
    from the pin."""
    return all(
        abs(v / step - round(v / step)) * step <= 1.01e-5
        for v, step in ((lat, geo.GRID_LAT / 2), (lon, geo.GRID_LON / 2))
    )


def _coordinates_in(text: str) -> list[tuple[float, float]]:
    """Every (lat, lon) pair in a page or JSON within ~300 m of the pin (a 37.x number followed by a
    126/127.x one; the map's own labels and box are farther away)."""
    numbers = [float(n) for n in NUMBER.findall(text)]
    return [(a, b) for a, b in itertools.pairwise(numbers) if abs(a - PIN[0]) < 0.003 and abs(b - PIN[1]) < 0.004]


@pytest.mark.django_db
def test_a_partner_never_gets_the_pin_on_the_page(client, world):
    s = world.file(lat=PIN[0], lon=PIN[1])
    for viewer in (world.member_other, world.member):  # another group's member, and even the author
        client.force_login(viewer)
        response = client.get(reverse("suggestions:detail", args=[s.pk]))
        shown = response.context["s"]
        assert geo.is_coarse(shown.shown_lat, shown.shown_lon) and not shown.location_exact
        html = response.content.decode()
        assert "37.63841" not in html and "127.02481" not in html
        pairs = _coordinates_in(html)
        assert pairs and all(_on_the_grid(lat, lon) for lat, lon in pairs), pairs


@pytest.mark.django_db
def test_the_police_see_the_pin_on_the_page(client, world):
    s = world.file(lat=PIN[0], lon=PIN[1])
    client.force_login(world.officer_traffic)
    html = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert 'data-lat="37.63841"' in html and 'data-lon="127.02481"' in html and 'data-exact="true"' in html


@pytest.mark.django_db
def test_a_partner_never_gets_the_pin_from_the_api(world):
    s = world.file(lat=PIN[0], lon=PIN[1])
    for viewer in (None, world.member_other, world.member):  # anonymous, a partner, the author
        api = APIClient()
        if viewer:
            api.force_authenticate(viewer)
        for url in (f"/api/v1/suggestions/{s.pk}/", "/api/v1/suggestions/"):
            body = api.get(url).content.decode()
            pairs = _coordinates_in(body)
            assert pairs and all(geo.is_coarse(lat, lon) for lat, lon in pairs), (viewer, url, pairs)  # centres
            assert "37.63841" not in body
    police = APIClient()
    police.force_authenticate(world.officer_traffic)
    data = police.get(f"/api/v1/suggestions/{s.pk}/").json()
    assert (data["lat"], data["lon"]) == PIN
    assert (data["dong"], data["station"], data["location_approximate"]) == ("수유동", "강북경찰서", False)


@pytest.mark.django_db
def test_a_proposal_with_a_district_is_not_placed_on_the_map(world):
    s = world.file(kind=Suggestion.Kind.PROPOSAL, place=False, district="마포구", address="망원동")
    assert (s.district, s.dong, s.lat, s.location_approximate) == ("마포구", "망원동", None, False)
    assert s.station.name == "마포경찰서"
