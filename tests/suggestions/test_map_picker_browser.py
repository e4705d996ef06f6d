"""The filing form's map pin picker (site/static/js/map-picker.js on the Leaflet component map.js) in
Debian's Chromium: keyboard use (focus, arrows, Enter, Escape, no trap), typed coordinates moving the
pin and the server resolving its 자치구·법정동, a chosen district never overwritten, the read-only map
on the detail page, and axe-core on the form with the map shown."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from suggestions.models import Suggestion
from tests.browser import ARTIFACTS, context_for, launch

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser
CITY_HALL = (37.5665, 126.9780)


@pytest.fixture
def page_for(live_server, transactional_db, world):
    with sync_playwright() as p:
        browser = launch(p)
        contexts = []

        def _open(url: str, username: str = "partner_member"):
            context = context_for(browser, live_server.url, world.users[username])
            contexts.append(context)
            page = context.new_page()
            page.errors = []  # script errors and CSP refusals (not the favicon's 404)
            page.on("pageerror", lambda exc: page.errors.append(str(exc)))
            page.on(
                "console",
                lambda msg: (
                    page.errors.append(msg.text)
                    if msg.type == "error" and "Content Security Policy" in msg.text
                    else None
                ),
            )
            page.goto(live_server.url + url, wait_until="load")
            return page

        try:
            yield _open
        finally:
            for context in contexts:
                context.close()
            browser.close()


def _coords(page) -> tuple[float, float]:
    return float(page.input_value("#id_lat")), float(page.input_value("#id_lon"))


def test_keyboard_moves_and_confirms_the_pin(page_for):
    page = page_for("/suggestions/new/?kind=field_report")
    map_ = page.locator("#map-picker")
    assert map_.is_visible() and map_.get_attribute("tabindex") == "0"
    page.focus("#id_district")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "map-picker"  # reached by Tab after the district
    page.keyboard.press("Enter")  # no pin yet: a pending pin at 서울시청
    assert "Enter로 확정" in page.inner_text("#location-status")
    assert page.input_value("#id_lat") == ""  # not confirmed yet
    for _ in range(5):
        page.keyboard.press("ArrowUp")  # 5 × 0.002° north
    page.keyboard.press("Shift+ArrowRight")  # 0.01° east
    assert page.input_value("#id_lat") == ""
    page.keyboard.press("Enter")
    lat, lon = _coords(page)
    assert lat == pytest.approx(CITY_HALL[0] + 0.01, abs=1e-6) and lon == pytest.approx(CITY_HALL[1] + 0.01, abs=1e-6)
    page.wait_for_selector("#map-picker[data-place]:not([data-resolving])")  # the server's point-in-polygon
    place = page.get_attribute("#map-picker", "data-place")
    assert place.startswith("종로구 ") and page.input_value("#id_district") == "종로구"
    status = page.inner_text("#location-status")
    assert "위치를 확정했습니다" in status and f"{lat:.5f}, {lon:.5f} ({place})" in status
    assert page.evaluate("document.activeElement.id") == "map-picker"  # Enter did not submit the form
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")  # back to the confirmed pin
    assert _coords(page) == (lat, lon) and map_.get_attribute("data-pin") == f"{lat:.5f},{lon:.5f}"
    for _ in range(4):  # past the map's own zoom buttons and attribution link: no keyboard trap
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-map-clear')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('data-map-clear')") == ""
    assert page.errors == []


def test_typed_coordinates_move_the_pin_and_a_chosen_district_stays(page_for):
    page = page_for("/suggestions/new/?kind=field_report")
    page.select_option("#id_district", "서초구")  # chosen explicitly
    page.fill("#id_lat", "37.51330")
    page.fill("#id_lon", "127.10010")  # 잠실역
    assert page.locator("#map-picker").get_attribute("data-pin") == "37.51330,127.10010"
    assert page.locator("#map-picker .map-pin").count() == 1
    page.wait_for_selector("#map-picker[data-place='송파구 잠실동']")
    assert "(송파구 잠실동)" in page.inner_text("#location-status")
    assert page.input_value("#id_district") == "서초구"  # not overwritten
    page.fill("#id_lat", "35.17960")  # 부산: off the map
    assert page.locator("#map-picker .map-pin").count() == 0
    assert "서울시 밖" in page.inner_text("#location-status")
    page.fill("#id_lat", "37.43300")
    page.fill("#id_lon", "126.99700")  # 과천: on the map, outside Seoul's boundary — the server says so
    page.wait_for_selector("#map-picker[data-pin-state='outside']")
    assert "서울시 밖" in page.inner_text("#location-status")
    page.click("[data-map-clear]")
    assert page.input_value("#id_lat") == "" and page.input_value("#id_lon") == ""
    assert page.input_value("#id_district") == "서초구"


def test_the_server_refuses_coordinates_outside_seoul_and_keeps_the_pin_in_the_form(page_for):
    page = page_for("/suggestions/new/?kind=field_report")
    page.fill("#id_title", "부산 좌표 제보")
    page.fill("#id_body", "서울 밖 좌표")
    page.evaluate(
        "() => { document.getElementById('id_lat').value = '35.17960';"
        " document.getElementById('id_lon').value = '129.07560'; }"
    )  # bypassing the map: the server still checks
    page.click("#suggestion-form button[type=submit]")
    page.wait_for_load_state("load")
    assert "서울시 밖의 위치입니다" in page.inner_text("#field-report-fields")
    assert not Suggestion.objects.filter(title="부산 좌표 제보").exists()


def test_detail_page_shows_police_the_pin_and_a_partner_the_cell(page_for, world):
    from partners.models import Field
    from suggestions import services

    s = services.file_suggestion(
        world.member,
        kind=Suggestion.Kind.FIELD_REPORT,
        title="잠실역 8번 출구 가로등",
        body="<p>어둡습니다.</p>",
        field=Field.objects.get(name="범죄예방"),
        lat=37.5133,
        lon=127.1001,
        visibility=Suggestion.Visibility.PUBLIC,
    )
    assert s.district == "송파구"
    page = page_for(f"/suggestions/{s.pk}/", "officer_safety")  # police: the exact pin
    page.wait_for_selector("#suggestion-map[data-boundaries='25'] .map-pin")
    map_ = page.locator("#suggestion-map")
    assert map_.get_attribute("role") == "region" and "37.5133" in map_.get_attribute("aria-label")
    assert map_.get_attribute("tabindex") is None  # read-only: not focusable
    expected = page.evaluate(
        "() => { const m = document.getElementById('suggestion-map'); const r = m.getBoundingClientRect();"
        " const p = m.cheongMap.latLngToContainerPoint([37.5133, 127.1001]); return [r.x + p.x, r.y + p.y]; }"
    )
    pin = page.locator("#suggestion-map .map-pin").bounding_box()
    tip = (pin["x"] + pin["width"] / 2, pin["y"] + pin["height"])  # the icon's anchor: bottom centre
    assert tip == pytest.approx(tuple(expected), abs=1.5)
    map_.click(position={"x": 5, "y": 5})
    assert page.locator("#suggestion-map .map-pin").bounding_box() == pin  # clicks do nothing
    assert page.errors == []
    partner = page_for(f"/suggestions/{s.pk}/")  # the author, a partner: the coarsened cell only
    partner.wait_for_selector("#suggestion-map[data-boundaries='25'] .map-area")
    assert partner.locator("#suggestion-map .map-pin").count() == 0
    assert "37.5133" not in partner.get_attribute("#suggestion-map", "aria-label")
    assert partner.errors == []


def test_filing_form_with_the_map_has_no_serious_axe_violations(page_for):
    page = page_for("/suggestions/new/?kind=field_report")
    assert page.locator("#map-picker").is_visible()
    page.wait_for_selector("#map-picker[data-boundaries='25']")
    page.locator("#map-picker").click(position={"x": 300, "y": 200})
    page.wait_for_selector("#map-picker[data-place]:not([data-resolving])")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-picker-form.png"), full_page=True)
    results = Axe().run(page)
    assert len(results.response["passes"]) > 10  # axe really ran
    blocking = [
        f"{v['impact']} {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
    assert blocking == []
