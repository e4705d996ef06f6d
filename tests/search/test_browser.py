"""The HQ search page, themes, trend chart and hotspot map in a real browser (Playwright + Debian
Chromium against live_server), with the project's own test corpus indexed (and again with the shared
sample data when it is present). Screenshots in tests/artifacts/."""

import os

import pytest

from tests.search.conftest import index_all

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, context_for

pytestmark = pytest.mark.browser


def test_hq_pages_render_charts_map_and_tables(live_server, browser, clean_es, transactional_db, dataset, world):
    dataset.load(world)
    index_all()
    ARTIFACTS.mkdir(exist_ok=True)
    context = context_for(browser, live_server.url, world.hq, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "404" not in m.text else None)
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None,
    )
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{live_server.url}/hq/?q=가로등이")
    assert int(page.inner_text("#result-count").replace(",", "")) >= 5
    assert page.locator("ol.results mark").count() > 0
    page.wait_for_selector("#trend-chart svg rect.hq-bar")
    # One bar segment per (month, field) with lexical matches. Since issue 10 dropped the related-word
    # synonym 가로등 → 보안등, the shared sample's matches span 4 months and one field (the own
    # corpus' more): the chart must draw exactly what the page's data holds, over several months.
    segments = page.evaluate(
        "JSON.parse(document.getElementById('trend-data').textContent).buckets"
        ".reduce((n, b) => n + Object.values(b.by_field).filter((c) => c > 0).length, 0)"
    )
    assert segments >= 4
    assert page.locator("#trend-chart svg rect.hq-bar").count() == segments
    assert page.locator("[data-facet='field'] li").count() >= 1
    assert page.locator("[data-facet='district'] li").count() >= 2
    page.screenshot(path=str(ARTIFACTS / f"search-hq-search-{dataset.name}.png"), full_page=True)

    page.click("[data-facet='district'] li a >> nth=0")
    page.wait_for_load_state()
    assert "district=" in page.url and page.locator("[data-facet='district'] li.selected").count() == 1

    page.goto(f"{live_server.url}/hq/themes/?date_from=2026-03-01&date_to=2026-08-31")
    assert page.locator("#themes-list article.theme-card").count() >= 3
    assert page.locator("#themes-list svg.spark polyline").count() >= 3
    page.wait_for_selector("#trend-chart svg rect.hq-bar")
    page.screenshot(path=str(ARTIFACTS / f"search-hq-themes-{dataset.name}.png"), full_page=True)

    page.goto(f"{live_server.url}/hq/hotspots/")
    page.wait_for_selector("#hotspot-map[data-boundaries='25'] path.hotspot-cell")  # Leaflet (js/map-hotspots.js)
    assert page.locator("#hotspot-map path.hotspot-cell").count() >= 10
    assert page.locator("#hotspot-map .map-label.district-label").count() == 25
    assert page.locator("#hours-chart svg rect.hour-bar").count() == 24
    page.screenshot(path=str(ARTIFACTS / f"search-hq-hotspots-{dataset.name}.png"), full_page=True)
    all_cells = page.locator("#hotspot-map path.hotspot-cell").count()
    page.click("#hours-chart a.hour-link >> nth=22")  # 22시 bar → only reports covering 22:00
    page.wait_for_selector("#hours-chart rect.hour-bar.selected")
    assert "hour=22" in page.url
    page.wait_for_selector("#hotspot-map[data-drawn]")
    assert 0 < page.locator("#hotspot-map path.hotspot-cell").count() < all_cells

    assert not problems, problems  # no script errors and no CSP violations
    context.close()


def test_filing_form_suggests_similar_suggestions_safely(
    live_server, browser, clean_es, transactional_db, dataset, world
):
    dataset.load(world, answers=False)
    world.suggestion(
        '<img src=x onerror="window.__pwned=1"> 킥보드 인도 질주', "전동킥보드가 인도에서 너무 빨라요.", ref="XSS"
    )
    index_all()
    context = context_for(browser, live_server.url, world.member, viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{live_server.url}/suggestions/new/")
    page.fill("#id_title", "인도에서 킥보드가 너무 빨리 달려요")
    page.wait_for_selector("#similar-suggestions a")
    links = page.locator("#similar-suggestions a")
    assert 1 <= links.count() <= 5
    texts = links.all_inner_texts()
    assert any("킥보드" in t for t in texts)
    assert any("<img" in t for t in texts)  # the hostile title is shown as text …
    assert page.locator("#similar-suggestions img").count() == 0  # … never as markup
    assert page.evaluate("window.__pwned === undefined")
    assert "공감" in page.inner_text("#similar-suggestions")
    href = links.first.get_attribute("href")
    assert href.startswith("/suggestions/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-similar-on-filing-form-{dataset.name}.png"), full_page=True)
    context.close()
