"""Moderation in a real browser (Playwright + Debian's Chromium against live_server): three partners
report a proposal from its page → it is hidden (gone from the partner list, 404 for them, "검토 중"
for its author) → the moderator (administrator) restores it in the Wagtail queue → it is back."""

import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from partners.models import Membership
from suggestions.models import ContentReport

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import context_for

pytestmark = pytest.mark.browser
SCREENSHOT = settings.BASE_DIR / "docs" / "screenshots" / "moderation-queue.png"
TITLE = "미아동 골목 불법 광고물 신고합니다"


def _report(browser, base, user, pk: int, reason: str, hides: bool = False) -> None:
    """Report from the page; the report that hides it lands on the list (the page is a 404 now)."""
    ctx = context_for(browser, base, user)
    page = ctx.new_page()
    page.goto(f"{base}/suggestions/{pk}/")
    form = page.locator("#report-suggestion")
    form.locator("summary").click()
    form.locator("select[name=reason]").select_option(reason)
    form.get_by_role("button", name="신고하기").click()
    page.wait_for_url(f"{base}/suggestions/" if hides else f"{base}/suggestions/{pk}/")
    assert "신고가 접수되었습니다" in page.content()
    ctx.close()


def test_three_reports_hide_a_proposal_and_the_moderator_restores_it(live_server, browser, world):
    base = live_server.url
    third = get_user_model().objects.create_user("partner_third", password=settings.DEMO_PASSWORD)
    Membership.objects.create(user=third, group=world.other_group)
    s = world.file(title=TITLE)

    # 1. Three partners report it from its page; the third report hides it.
    _report(browser, base, world.member_other, s.pk, "off_topic")
    _report(browser, base, world.representative, s.pk, "abuse")
    _report(browser, base, third, s.pk, "off_topic", hides=True)
    s.refresh_from_db()
    assert s.hidden_at is not None and ContentReport.objects.filter(suggestion=s).count() == 3

    partner_ctx = context_for(browser, base, world.member_other)
    partner = partner_ctx.new_page()
    partner.goto(f"{base}/suggestions/")
    assert TITLE not in partner.content()
    assert partner.goto(f"{base}/suggestions/{s.pk}/").status == 404

    author_ctx = context_for(browser, base, world.member)
    author = author_ctx.new_page()
    author.goto(f"{base}/suggestions/{s.pk}/")
    assert "검토 중" in author.locator("#moderation-hidden").inner_text()
    author_ctx.close()

    # 2. The moderator finds it at the top of the queue (hidden, 3 open reports) and restores it.
    admin_ctx = context_for(browser, base, world.admin, viewport={"width": 1280, "height": 800})
    admin = admin_ctx.new_page()
    admin.goto(f"{base}/admin/moderation/")
    row = admin.locator(f"#moderation-queue tr[data-suggestion='{s.pk}']")
    assert "숨김" in row.inner_text() and "3" in row.inner_text()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    admin.screenshot(path=str(SCREENSHOT), full_page=True)
    row.get_by_role("link").click()
    admin.wait_for_url(f"{base}/admin/moderation/{s.pk}/suggestion/")
    assert admin.locator("#moderation-reports tbody tr").count() == 3
    admin.fill("#restore-note", "광고가 아닌 정당한 제안입니다")
    admin.locator("#moderation-restore").get_by_role("button").click()
    admin.wait_for_url(f"{base}/admin/moderation/")
    assert "다시 공개했습니다" in admin.content()
    admin_ctx.close()

    # 3. Back for everyone.
    s.refresh_from_db()
    assert s.hidden_at is None
    partner.goto(f"{base}/suggestions/")
    assert TITLE in partner.content()
    assert partner.goto(f"{base}/suggestions/{s.pk}/").status == 200
    partner_ctx.close()
