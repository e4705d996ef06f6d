"""The one map component (Leaflet from our static files, site/static/js/map.js) in Debian's Chromium
against the live server with the demo's field reports: the filing picker, the detail page as police
(the exact pin) and as a partner (the coarsened cell), and the HQ hotspot map over Seoul's boundaries.
Every request that would leave 127.0.0.1 is blocked and counted (none may be attempted), the console
shows no CSP refusal, the boundaries are drawn as SVG paths. Screenshots → docs/screenshots/map-*.png.
Also the CSP both ways: no tile server by default, MAP_TILES_URL's origin in img-src when set."""

from __future__ import annotations

import os
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import override_settings

from demo.partners import FIXTURES as DEMO_ORGANISATIONS
from demo.suggestions import FIXTURES as DEMO_FIXTURES
from suggestions import geo
from suggestions.models import Suggestion
from tests.browser import context_for
from tests.search.conftest import add_organisations, index_all, load_jsonl

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SHOTS = settings.BASE_DIR / "docs" / "screenshots"
JAMSIL = (37.5133, 127.1001)  # 잠실역 8번 출구


class Watched:
    """A page whose requests off 127.0.0.1 are blocked and recorded, with its CSP refusals and errors."""

    def __init__(self, browser, live_server, user, **options):
        self.context = context_for(browser, live_server.url, user, viewport={"width": 1280, "height": 1000}, **options)
        self.offsite: list[str] = []
        self.problems: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.problems.append(str(exc)))
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(m.text)
                if m.type == "error" and ("Content Security Policy" in m.text or "Refused" in m.text)
                else None
            ),
        )
        self.base = live_server.url

    def _route(self, route):
        host = urlsplit(route.request.url).hostname
        if host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser, live_server, transactional_db, world):
    opened: list[Watched] = []

    def _open(user, **options) -> Watched:
        w = Watched(browser, live_server, user, **options)
        opened.append(w)
        return w

    yield _open
    for w in opened:
        w.close()


def _poll(page, expression: str, timeout: float = 10.0) -> None:
    """Waits until `expression` is true (page.evaluate runs over CDP; wait_for_function would need
    'unsafe-eval', which the site's CSP refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def _boundaries_drawn(page, selector: str) -> int:
    page.wait_for_selector(f"{selector}[data-boundaries='25']")
    return page.locator(f"{selector} .leaflet-overlay-pane svg path.map-district").count()


@pytest.mark.browser
def test_picker_draws_seoul_resolves_the_pin_and_refuses_gwacheon(watched, world):
    w = watched(world.member)
    page = w.open("/suggestions/new/?kind=field_report")
    assert _boundaries_drawn(page, "#map-picker") == 25
    assert page.locator("#map-picker .map-label.district-label").count() == 25
    assert page.locator("#map-picker .leaflet-tile").count() == 0  # no tile layer by default
    assert page.get_attribute("#map-picker .leaflet-control-zoom-in", "title") == "확대"
    page.locator("#map-picker").scroll_into_view_if_needed()
    box = page.locator("#map-picker").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.52, box["y"] + box["height"] * 0.45)  # 도심
    page.wait_for_selector("#map-picker[data-place]:not([data-resolving])")
    lat, lon = float(page.input_value("#id_lat")), float(page.input_value("#id_lon"))
    place = geo.resolve(lat, lon)
    assert place is not None and page.input_value("#id_district") == place.district
    assert f"({place.district} {place.dong})" in page.inner_text("#location-status")
    page.fill("#id_lat", "37.43300")
    page.fill("#id_lon", "126.99700")  # 과천: inside Seoul's old bounding box, outside its boundary
    page.wait_for_selector("#map-picker[data-pin-state='outside']")
    assert "서울시 밖" in page.inner_text("#location-status")
    page.fill("#id_lat", f"{JAMSIL[0]:.5f}")
    page.fill("#id_lon", f"{JAMSIL[1]:.5f}")
    page.wait_for_selector("#map-picker[data-place='송파구 잠실동']")
    page.focus("#map-picker")
    for _ in range(6):  # zoomed in on the pin: the 법정동 lines and names appear
        if float(page.get_attribute("#map-picker", "data-zoom") or 0) >= 13:
            break
        page.keyboard.press("+")
        page.wait_for_timeout(400)  # the zoom animation
    assert float(page.get_attribute("#map-picker", "data-zoom")) >= 13
    drawn = "[...document.querySelectorAll('#map-picker path.map-dong')].filter(p => p.getAttribute('d') !== 'M0 0')"
    _poll(page, f"{drawn}.length >= 4")  # the 법정동 in view (Leaflet clips the rest)
    assert page.locator("#map-picker .map-label.dong-label").count() > 400
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#field-report-fields").screenshot(path=str(SHOTS / "map-picker.png"))
    assert w.offsite == [] and w.problems == []


@pytest.fixture
def jamsil_report(world):
    return world.file(
        title="잠실역 8번 출구 가로등",
        district="송파구",
        address="잠실역 8번 출구",
        lat=JAMSIL[0],
        lon=JAMSIL[1],
        visibility=Suggestion.Visibility.PUBLIC,
    )


@pytest.mark.browser
def test_detail_map_police_see_the_pin_a_partner_the_coarsened_cell(watched, world, jamsil_report):
    police = watched(world.officer_traffic)
    page = police.open(f"/suggestions/{jamsil_report.pk}/")
    assert _boundaries_drawn(page, "#suggestion-map") == 25
    map_ = page.locator("#suggestion-map")
    assert (map_.get_attribute("data-lat"), map_.get_attribute("data-lon")) == ("37.51330", "127.10010")
    assert map_.get_attribute("data-area") is None and map_.get_attribute("tabindex") is None
    assert (
        page.locator("#suggestion-map .map-pin").count() == 1 and page.locator("#suggestion-map .map-area").count() == 0
    )
    page.locator("#suggestion-map").screenshot(path=str(SHOTS / "map-detail-police.png"))

    partner = watched(world.users["partner_rep"])
    page = partner.open(f"/suggestions/{jamsil_report.pk}/")
    assert _boundaries_drawn(page, "#suggestion-map") == 25
    map_ = page.locator("#suggestion-map")
    lat, lon = float(map_.get_attribute("data-lat")), float(map_.get_attribute("data-lon"))
    assert geo.is_coarse(lat, lon) and (lat, lon) != JAMSIL
    south, west, north, east = (float(v) for v in map_.get_attribute("data-area").split(","))
    assert south < lat < north and west < lon < east and south < JAMSIL[0] < north and west < JAMSIL[1] < east
    assert (
        page.locator("#suggestion-map .map-area").count() == 1 and page.locator("#suggestion-map .map-pin").count() == 0
    )
    html = page.content()
    assert "37.5133," not in html and "127.1001," not in html and "37.51330" not in html
    page.locator("#suggestion-map").screenshot(path=str(SHOTS / "map-detail-partner.png"))
    assert police.offsite == partner.offsite == [] and police.problems == partner.problems == []


@pytest.mark.browser
def test_hq_hotspot_map_cells_over_the_boundaries_list_and_exports(watched, world, search_index):
    add_organisations(world, DEMO_ORGANISATIONS)
    load_jsonl(world, DEMO_FIXTURES / "demo_suggestions.jsonl", None)  # what `make run` seeds
    for lat, lon in [(37.55630, 126.92370), (37.55650, 126.92390), (37.49790, 127.02760), JAMSIL]:
        world.file(title="현장 제보", lat=lat, lon=lon, district="", time_band="21:00-23:00")
    index_all()
    w = watched(world.hq)
    page = w.open("/hq/hotspots/")
    assert _boundaries_drawn(page, "#hotspot-map") == 25
    cells = int(page.get_attribute("#hotspot-map", "data-cells"))
    assert cells >= 10 and page.locator("#hotspot-map path.hotspot-cell").count() == cells
    assert page.locator("#hours-chart svg rect.hour-bar").count() == 24
    assert "format=geojson" in page.get_attribute("#export-geojson", "href")
    assert "format=csv" in page.get_attribute("#export-csv", "href")
    page.locator("#hotspot-map path.hotspot-cell >> nth=0").click(force=True)
    page.wait_for_selector("#hotspot-reports[data-cell] li a")
    assert page.locator("#hotspot-reports li").count() >= 1
    page.click("#hotspot-table [data-cell-key] >> nth=0")  # the keyboard / screen-reader path to a cell
    key = page.get_attribute("#hotspot-table [data-cell-key] >> nth=0", "data-cell-key")
    page.wait_for_selector(f"#hotspot-reports[data-cell='{key}'] li a")
    page.screenshot(path=str(SHOTS / "map-hotspots.png"), full_page=True)
    page.select_option("select[name=risk_type]", "traffic_risk")
    page.check("input[name=weekday][value='1']")
    page.fill("input[name=band]", "21:00-23:00")
    page.click("#hotspot-filters button[type=submit]")
    page.wait_for_selector("#hotspot-map[data-drawn]")
    assert "risk_type=traffic_risk" in page.url and "band=21" in page.url
    assert int(page.get_attribute("#hotspot-map", "data-cells")) < cells
    assert w.offsite == [] and w.problems == []


@pytest.mark.browser
def test_with_map_tiles_url_the_tiles_are_requested_under_the_boundaries(watched, world, settings):
    settings.MAP_TILES_URL = "https://tiles.example/{z}/{x}/{y}.png"
    w = watched(world.member)
    page = w.open("/suggestions/new/?kind=field_report")
    assert _boundaries_drawn(page, "#map-picker") == 25
    _poll(page, "document.querySelectorAll('#map-picker img.leaflet-tile').length > 0")
    assert w.offsite and all(u.startswith("https://tiles.example/") for u in w.offsite)  # only the tiles
    assert w.problems == []  # the tile origin is in img-src: no CSP refusal


def test_csp_has_no_tile_server_by_default(client, world):
    client.force_login(world.member)
    policy = client.get("/suggestions/new/")["Content-Security-Policy"]
    img_src = next(d for d in policy.split(";") if d.strip().startswith("img-src")).split()
    assert img_src == ["img-src", "'self'", "data:", "blob:"]
    assert "openstreetmap" not in policy and "connect-src 'self'" in policy


@override_settings(MAP_TILES_URL="https://tiles.example:8443/seoul/{z}/{x}/{y}.png")
def test_csp_adds_the_configured_tile_origin_to_img_src_only(client, world):
    client.force_login(world.member)
    response = client.get("/suggestions/new/?kind=field_report")
    policy = response["Content-Security-Policy"]
    img_src = next(d for d in policy.split(";") if d.strip().startswith("img-src")).split()
    assert img_src[-1] == "https://tiles.example:8443" and policy.count("tiles.example") == 1
    assert "https://tiles.example:8443/seoul/{z}/{x}/{y}.png" in response.content.decode()  # the map is told the URL
