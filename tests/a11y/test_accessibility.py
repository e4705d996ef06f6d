"""Accessibility in a real Chromium: axe-core (axe-playwright-python's bundled axe.min.js) on every
main page with 0 serious or critical violations, and filing a field report with the keyboard only
(Tab/arrow keys/typing/Enter, the address + district alternative to the map)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from announcements.models import PolicyAnnouncementPage
from partners.models import Field
from suggestions import services
from suggestions.models import Suggestion
from tests.browser import ARTIFACTS, context_for, launch

pytestmark = [pytest.mark.browser, pytest.mark.slow]
BLOCKING = {"serious", "critical"}


@pytest.fixture
def seeded(transactional_db, world, clean_es):
    from demo.announcements import seed_pages

    seed_pages()
    s = services.file_suggestion(
        world.member,
        kind=Suggestion.Kind.FIELD_REPORT,
        title="수유역 사거리 보행 신호 고장",
        body="<p>밤마다 보행 신호가 꺼집니다.</p>",
        field=Field.objects.get(name="교통"),
        district="강북구",
        address="수유역 사거리",
        time_band="22:00-02:00",
        visibility=Suggestion.Visibility.PUBLIC,
    )
    from search import indexing

    indexing.bulk_index_suggestions()
    return {"users": world.users, "suggestion": s, "announcement": PolicyAnnouncementPage.objects.live().first()}


def _violations(page) -> list[dict]:
    results = Axe().run(page)
    assert len(results.response["passes"]) > 10  # axe really ran (the CSP did not block it)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING]


def test_main_pages_have_no_serious_axe_violations(live_server, seeded):
    users, s = seeded["users"], seeded["suggestion"]
    announcement = seeded["announcement"]
    pages = [
        (None, "/", "home"),
        (None, "/accounts/login/", "login"),
        (None, announcement.url if announcement else "/announcements/", "announcement"),
        (users["partner_member"], "/suggestions/", "suggestion list"),
        (users["partner_member"], f"/suggestions/{s.pk}/", "suggestion detail"),
        (users["partner_member"], "/suggestions/new/", "new suggestion"),
        (users["partner_member"], "/suggestions/mine/", "my suggestions"),
        (users["hq"], "/hq/?q=보행 신호", "HQ search"),
        (users["hq"], "/hq/themes/", "HQ themes"),
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for user, url, name in pages:
                context = context_for(browser, live_server.url, user)
                page = context.new_page()
                response = page.goto(live_server.url + url, wait_until="load")
                assert response.status == 200, (name, response.status)
                for v in _violations(page):
                    targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
                    report.append(f"{name} {url}: {v['impact']} {v['id']} — {v['help']} @ {targets}")
                page.screenshot(path=str(ARTIFACTS / f"a11y-{name.replace(' ', '-')}.png"))
                context.close()
        finally:
            browser.close()
    assert not report, "\n".join(report)


def _tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has focus (keyboard only, no clicks)."""
    for _ in range(limit):
        if page.evaluate("(sel) => document.activeElement && document.activeElement.matches(sel)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with Tab")


def _choose_option(page, selector: str, wanted_text: str, limit: int = 40) -> None:
    """With a <select> focused, move with the arrow key until the wanted option is selected."""
    for _ in range(limit):
        current = page.evaluate(
            "(sel) => { const s = document.querySelector(sel); return s.options[s.selectedIndex].text }", selector
        )
        if wanted_text in current:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {wanted_text} not reached in {selector}")


def test_keyboard_only_field_report(live_server, seeded):
    users = seeded["users"]
    with sync_playwright() as p:
        browser = launch(p)
        try:
            context = context_for(browser, live_server.url, users["partner_member"])
            page = context.new_page()
            page.goto(live_server.url + "/suggestions/new/", wait_until="load")
            _tab_to(page, "input[name=kind]")
            page.keyboard.press("ArrowRight")  # 정책 제안 → 현장 의견
            assert page.evaluate("document.querySelector('input[name=kind]:checked').value") == "field_report"
            _tab_to(page, "input[name=title]")
            page.keyboard.type("키보드로 쓴 현장 의견: 골목 가로등 고장")
            _tab_to(page, "textarea[name=body]")
            page.keyboard.type("미아동 골목 가로등이 일주일째 꺼져 있어 밤길이 어둡습니다.")
            _tab_to(page, "select[name=field]")
            _choose_option(page, "select[name=field]", "범죄예방")
            _tab_to(page, "input[name=address]")  # the map's keyboard alternative: address + district
            page.keyboard.type("미아동 골목")
            _tab_to(page, "select[name=district]")
            _choose_option(page, "select[name=district]", "강북구")
            _tab_to(page, "input[name=time_band]")
            page.keyboard.type("21:00-23:00")
            _tab_to(page, "#suggestion-form button[type=submit]")
            page.screenshot(path=str(ARTIFACTS / "keyboard-filing.png"))
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert "/suggestions/" in page.url and "/new/" not in page.url, page.url
            context.close()
        finally:
            browser.close()
    s = Suggestion.objects.get(title__startswith="키보드로 쓴 현장 의견")
    assert s.kind == Suggestion.Kind.FIELD_REPORT
    assert s.district == "강북구" and s.address == "미아동 골목" and s.time_band == "21:00-23:00"
    assert s.author == users["partner_member"] and s.field.name == "범죄예방"
