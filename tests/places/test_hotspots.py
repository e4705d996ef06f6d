"""The HQ hotspot data on the real Elasticsearch: resolved places and stations in the index, an
address-only report counted at its 법정동, the filters (weekday, risk type, time band, period), a
cell's reports and the GeoJSON / JSON endpoints."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from places import boundaries
from search.hotspots import HotspotFilters, geojson, hotspots, reports, tile_bounds
from search.params import ParamError, SearchParams
from suggestions.models import Suggestion
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

SEOUL = dt.timezone(dt.timedelta(hours=9))
MONDAY = dt.datetime(2026, 3, 2, 21, 0, tzinfo=SEOUL)
SATURDAY = dt.datetime(2026, 3, 7, 21, 0, tzinfo=SEOUL)


@pytest.fixture
def reports_on_the_map(world, search_index):
    """A pinned report (수유역, Monday), an address-only one (역삼동, Saturday), one with no place."""
    pinned = world.file(created_at=MONDAY, auto_receive=True)
    by_address = world.file(
        title="역삼동 골목 방범등",
        district="",
        address="강남구 역삼1동 먹자골목",
        lat=None,
        lon=None,
        time_band="01:00-03:00",
        risk_type=Suggestion.RiskType.CRIME_CONCERN,
        created_at=SATURDAY,
    )
    nowhere = world.file(title="장소 모름", district="", address="우리 동네", lat=None, lon=None)
    index_all()
    return pinned, by_address, nowhere


def _cell_holding(data, lat, lon):
    return next(c for c in data["cells"] if c["south"] <= lat <= c["north"] and c["west"] <= lon <= c["east"])


def test_an_address_only_report_appears_at_its_dong(world, reports_on_the_map):
    _, by_address, _ = reports_on_the_map
    hq = world.principal(world.hq)
    data = hotspots(hq, SearchParams())
    assert data["total"] == 2 == sum(c["count"] for c in data["cells"])  # the placeless one is not on the map
    lat, lon = boundaries.dong_centroid("강남구", "역삼동")
    cell = _cell_holding(data, lat, lon)
    assert (cell["count"], cell["approximate"], cell["district"], cell["dong"], cell["station"]) == (
        1, 1, "강남구", "역삼동", "강남경찰서",
    )  # fmt: skip
    [shown] = reports(hq, SearchParams(), HotspotFilters(), key=cell["key"])
    assert shown["id"] == by_address.pk and shown["location_approximate"] and (shown["lat"], shown["lon"]) == (lat, lon)
    pinned_cell = _cell_holding(data, 37.63841, 127.02481)
    assert (pinned_cell["dong"], pinned_cell["station"], pinned_cell["approximate"]) == ("수유동", "강북경찰서", 0)


def test_station_is_a_search_facet_and_filter(world, reports_on_the_map):
    hq = world.principal(world.hq)
    data = hotspots(hq, SearchParams(station="강북경찰서"))
    assert data["total"] == 1 and data["cells"][0]["station"] == "강북경찰서"


@pytest.mark.parametrize(
    ("query", "dongs"),
    [
        ({"weekday": "1"}, {"수유동"}),  # Monday
        ({"weekday": ["6", "7"]}, {"역삼동"}),  # the weekend
        ({"risk_type": "crime_concern"}, {"역삼동"}),
        ({"band": "23:00-00:30"}, {"수유동"}),  # overlaps 22:00-02:00 only
        ({"hour": "1"}, {"역삼동", "수유동"}),  # 22:00-02:00 and 01:00-03:00 both cover 01시
        ({"hour": "2"}, {"역삼동"}),
        ({}, {"역삼동", "수유동"}),
    ],
)
def test_filters(world, reports_on_the_map, query, dongs):
    data = hotspots(world.principal(world.hq), SearchParams(), filters=HotspotFilters.from_query(query))
    assert {c["dong"] for c in data["cells"]} == dongs


def test_period_filter_and_bad_parameters(world, reports_on_the_map):
    hq = world.principal(world.hq)
    assert hotspots(hq, SearchParams(date_from=dt.date(2026, 3, 5), date_to=dt.date(2026, 3, 8)))["total"] == 1
    with pytest.raises(ParamError) as exc:
        HotspotFilters.from_query({"weekday": "8", "band": "저녁", "risk_type": "x", "precision": "3", "hour": "25"})
    assert set(exc.value.errors) == {"weekday", "band", "risk_type", "precision", "hour"}
    assert "요일" in exc.value.errors["weekday"]


def test_geojson_has_cells_and_report_points(world, reports_on_the_map):
    hq = world.principal(world.hq)
    data = hotspots(hq, SearchParams())
    collection = geojson(data, reports(hq, SearchParams(), HotspotFilters()))
    cells = [f for f in collection["features"] if f["properties"]["kind"] == "cell"]
    points = [f for f in collection["features"] if f["properties"]["kind"] == "report"]
    assert len(cells) == len(data["cells"]) and len(points) == 2
    ring = cells[0]["geometry"]["coordinates"][0]
    b = tile_bounds(cells[0]["properties"]["key"])
    assert ring[0] == ring[-1] and ring[0] == [round(b["west"], 5), round(b["south"], 5)]
    assert {tuple(p["geometry"]["coordinates"]) for p in points} >= {(127.02481, 37.63841)}  # lon, lat


def test_endpoints_are_hq_only_json_and_geojson(client, world, reports_on_the_map):
    url = reverse("search:hotspots")
    client.force_login(world.member)
    assert client.get(url, {"format": "json"}).status_code == 404
    client.force_login(world.hq)
    data = client.get(url, {"format": "json", "weekday": "1"}).json()
    assert data["total"] == 1 and data["errors"] == {}
    assert client.get(url, {"format": "json", "weekday": "월"}).status_code == 400
    response = client.get(url, {"format": "geojson"})
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(b"".join(response.streaming_content) if response.streaming else response.content)["features"]
    key = data["cells"][0]["key"]
    cell = client.get(reverse("search:hotspot_cell"), {"key": key, "weekday": "1"}).json()
    assert [r["dong"] for r in cell["reports"]] == ["수유동"] and cell["reports"][0]["url"]
    bad = client.get(reverse("search:hotspot_cell"), {"key": "99/1/1"})
    assert bad.status_code == 400 and "격자" in bad.json()["errors"]["key"]
    assert client.get(url, {"weekday": "1"}).status_code == 200  # the page itself


def test_search_setup_gives_an_older_index_the_new_place_fields(clean_es):
    from django.core.management import call_command

    from search.client import index_name
    from search.documents import INDEX_SETTINGS, mapping_for

    old = mapping_for("suggestions")
    for name in ("dong", "station", "location_approximate", "weekday"):
        del old["properties"][name]
    alias = index_name("suggestions")
    clean_es.indices.create(index=f"{alias}-old", settings=INDEX_SETTINGS, mappings=old, aliases={alias: {}})
    call_command("search_setup")
    properties = clean_es.indices.get_mapping(index=alias)[f"{alias}-old"]["mappings"]["properties"]
    assert properties["station"] == {"type": "keyword"} and properties["location_approximate"] == {"type": "boolean"}
