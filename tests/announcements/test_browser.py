"""Browser tests (Playwright driving Debian's Chromium against live_server)."""

import os

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, context_for, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(transactional_db, world):
    from demo.announcements import seed_pages

    seed_pages()
    return world


def test_partner_member_sees_partners_only_announcement_that_anonymous_cannot(live_server, browser, seeded):
    from announcements.models import PolicyAnnouncementPage

    ARTIFACTS.mkdir(exist_ok=True)
    secret = PolicyAnnouncementPage.objects.live().not_public().first()
    context = context_for(browser, live_server.url)
    page = context.new_page()

    page.goto(f"{live_server.url}/announcements/")
    assert page.locator("h1").inner_text() == "정책 공지"
    assert page.get_by_text(secret.title).count() == 0
    response = page.goto(f"{live_server.url}{secret.url}")
    assert response.status == 404
    assert page.get_by_text(secret.summary).count() == 0
    page.screenshot(path=str(ARTIFACTS / "announcement-anonymous-404.png"))

    log_in(page, live_server.url, seeded.member)
    page.goto(f"{live_server.url}/announcements/")
    page.get_by_role("link", name=secret.title).click()
    page.wait_for_url(f"{live_server.url}{secret.url}")
    assert page.locator("h1").inner_text() == secret.title
    assert page.get_by_text(secret.summary).is_visible()
    button = page.get_by_role("link", name="제안하기")
    assert button.get_attribute("href") == f"/suggestions/new/?announcement={secret.pk}"
    page.screenshot(path=str(ARTIFACTS / "announcement-partner.png"), full_page=True)
    context.close()


def test_editor_publishes_an_announcement_in_the_wagtail_admin(live_server, browser, seeded):
    from announcements.models import AnnouncementIndexPage, PolicyAnnouncementPage

    ARTIFACTS.mkdir(exist_ok=True)
    index = AnnouncementIndexPage.objects.get()
    context = context_for(browser, live_server.url)
    page = context.new_page()
    log_in(page, live_server.url, seeded.admin)
    page.goto(f"{live_server.url}/admin/pages/add/announcements/policyannouncementpage/{index.pk}/")
    page.fill("#id_title", "야간 보행 안전 Re-디자인")
    page.fill("#id_summary", "늦은 귀갓길의 조명과 순찰 경로에 대한 의견을 받습니다.")
    page.get_by_label("교통").first.check()
    page.fill("#id_open_until", "2099-12-31")
    page.screenshot(path=str(ARTIFACTS / "admin-edit.png"), full_page=True)
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{index.pk}/")
    published = PolicyAnnouncementPage.objects.get(title="야간 보행 안전 Re-디자인")
    assert published.live and published.is_open_for_proposals
    page.goto(f"{live_server.url}/announcements/")
    assert page.get_by_role("link", name="야간 보행 안전 Re-디자인").is_visible()
    page.screenshot(path=str(ARTIFACTS / "admin-published.png"), full_page=True)
    context.close()
