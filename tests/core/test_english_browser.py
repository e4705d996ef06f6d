"""English in a real browser (Playwright + Debian Chromium against live_server): the header keeps
brand, menu and language switch on one row, and JavaScript strings come from the /jsi18n/ catalog
under the strict CSP. Screenshots in tests/artifacts/."""

import os

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, context_for

pytestmark = pytest.mark.browser


def logged_in_page(browser, live_server, user, language: str):
    context = context_for(
        browser, live_server.url, user, locale=None, language=language, viewport={"width": 1280, "height": 1000}
    )
    page = context.new_page()
    problems: list[str] = []
    # (the favicon 404 shows up as a console error without its address; real 4xx/5xx are caught below)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "404" not in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None,
    )
    return page, problems


def header_rows(page) -> dict:
    return page.evaluate(
        """() => {
          const box = (sel) => document.querySelector(sel).getBoundingClientRect();
          return {brand: box('.brand').top, nav: box('.site-header nav').top, lang: box('.lang-switch').top,
                  navBottom: box('.site-header nav').bottom, langBottom: box('.lang-switch').bottom};
        }"""
    )


def test_english_header_and_javascript_strings(live_server, browser, search_index, transactional_db, world):
    ARTIFACTS.mkdir(exist_ok=True)
    page, problems = logged_in_page(browser, live_server, world.hq, "en")

    page.goto(f"{live_server.url}/hq/themes/")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text("h1") == "Recurring and rising themes"
    # hq-charts.js: an empty trend says so in English (the msgid is Korean "데이터 없음")
    page.wait_for_selector("#trend-chart p.muted")
    assert page.inner_text("#trend-chart p.muted") == "No data"
    rows = header_rows(page)
    # The language switch sits beside the menu, not on a row of its own below it.
    assert rows["lang"] < rows["navBottom"], rows
    page.screenshot(path=str(ARTIFACTS / "english-hq-themes.png"), full_page=True)

    page.goto(f"{live_server.url}/suggestions/departments/")
    assert "Answers by department" in page.inner_text("h1")
    # Table headers are not broken mid-word: each English header word fits on its line.
    widths = page.evaluate("() => [...document.querySelectorAll('th')].map(th => th.scrollWidth <= th.clientWidth + 1)")
    assert widths and all(widths)
    page.screenshot(path=str(ARTIFACTS / "english-departments.png"), full_page=True)
    assert not problems, problems


def test_korean_by_default_in_the_browser(live_server, browser, search_index, transactional_db, world):
    page, problems = logged_in_page(browser, live_server, world.hq, "ko")
    page.goto(f"{live_server.url}/hq/themes/")
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert page.inner_text("h1") == "반복·급증 주제"
    page.wait_for_selector("#trend-chart p.muted")
    assert page.inner_text("#trend-chart p.muted") == "데이터 없음"
    page.screenshot(path=str(ARTIFACTS / "korean-hq-themes.png"), full_page=True)
    assert not problems, problems
