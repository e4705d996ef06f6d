"""The themes page on the demo data (demo.suggestions.seed) in a real browser: theme cards with
labels, sparklines and click-through, the theme detail page's decision forms. The screenshot is
docs/screenshots/themes.png (looked at by a person: labels should read as an analyst's topics)."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from demo import suggestions as demo_suggestions
from demo.partners import FIXTURES as DEMO_FIXTURES
from search import theme_labels as labels
from suggestions.districts import SEOUL_DISTRICTS
from tests.search.conftest import add_organisations, index_all, shared_data_dir

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import context_for

pytestmark = pytest.mark.browser
SCREENSHOT = Path(settings.BASE_DIR) / "docs" / "screenshots" / "themes.png"


def test_themes_page_on_demo_data(live_server, browser, clean_es, transactional_db, world):
    add_organisations(world, shared_data_dir() or DEMO_FIXTURES)
    demo_suggestions.seed()
    index_all()
    context = context_for(browser, live_server.url, world.hq, viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # The demo data's last half-year (the live demo items are dated today).
    query = "?date_from=2026-03-01&date_to=2026-08-31"
    page.goto(f"{live_server.url}/hq/themes/{query}")
    cards = page.locator("#themes-list article.theme-card")
    assert cards.count() >= 5
    assert page.locator("#themes-list svg.spark polyline").count() == cards.count()
    titles = [t.strip() for t in page.locator("#themes-list article.theme-card h3 a").all_inner_texts()]
    noise = set(SEOUL_DISTRICTS) | labels.GENERIC
    for title in titles:
        words = title.split()
        assert 1 <= len(words) <= 4 and not set(words) & noise, title
        assert not any(labels.is_noise(w, labels.group_terms()) for w in words), title
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    page.click("#themes-list article.theme-card h3 a >> nth=0")
    page.wait_for_selector("#merge-form")
    assert page.locator("#split-form input[type=checkbox]").count() >= 3
    page.fill("#rename-form input[name=label]", "분석가가 붙인 이름")
    page.click("#rename-form button")
    page.wait_for_load_state()
    assert page.inner_text("h1").startswith("분석가가 붙인 이름")
    page.goto(f"{live_server.url}/hq/themes/{query}")
    assert "분석가가 붙인 이름" in page.inner_text("#themes-list")
    assert not problems, problems
