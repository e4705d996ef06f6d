"""이의신청과 재평가 in a real browser (Playwright + Debian's Chromium against live_server, a real Celery
worker): the proposer rates the published answer 2/5 ticking "민원으로 접수" and files an objection
on the proposal page → the 교통과 officer sees the rating and the objection on the admin's
만족도·이의신청 page and answers it → the proposer is told and reads the answer (완료) → after a
corrected answer the proposer rates again."""

import os

import pytest

from suggestions.models import Notification, Objection, Rating
from tests.suggestions.test_rerating import correct
from tests.suggestions.test_workflow import answer_and_publish

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, context_for, log_in

pytestmark = pytest.mark.browser


def test_objection_answer_and_rating_again(live_server, browser, celery_worker, world):
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    s = world.file(title="통학로 불법 주정차 단속 요청", place=False, kind="proposal")
    answer_and_publish(world, s, body="중장기적으로 검토하겠습니다.")
    url = f"{base}/suggestions/{s.pk}/"

    # 1. The proposer rates the answer 2/5 as a complaint, then files an objection with a reason.
    partner_ctx = context_for(browser, base)
    partner = partner_ctx.new_page()
    log_in(partner, base, world.member, f"/suggestions/{s.pk}/")
    partner.check("#rating-form input[name=score][value='2']")
    partner.fill("#rating-form textarea", "구체적인 계획이 없습니다")
    partner.check("#rating-form input[name=is_complaint]")
    partner.click("#rating-form button[type=submit]")
    partner.wait_for_url(url)
    assert "2/5" in partner.locator("#rating-done").inner_text()
    assert "민원으로 접수" in partner.locator("#rating-done").inner_text()
    partner.locator("#objection-panel summary").click()
    partner.fill("#objection-form textarea", "단속 시간과 장소를 알려 주세요. 연락처 010-2222-3333")
    partner.click("#objection-form button[type=submit]")
    partner.wait_for_url(url)
    filed = partner.locator("#objections .objection")
    assert filed.count() == 1 and "접수" in filed.inner_text()
    assert "010-2222-3333" not in filed.inner_text()  # the reason is masked on display
    assert partner.locator("#objection-form").count() == 0  # one per answer version
    obj = Objection.objects.get(suggestion=s)

    # 2. The 교통과 officer sees the rating (masked, 민원) and the objection, and answers it.
    officer_ctx = context_for(browser, base)
    officer = officer_ctx.new_page()
    log_in(officer, base, world.officer_traffic, "/admin/objections/")
    ratings = officer.locator("#department-ratings tbody tr").first
    assert "2/5" in ratings.inner_text() and "민원으로 접수" in ratings.inner_text()
    row = officer.locator(f"#objection-queue tr[data-objection='{obj.pk}']")
    assert "접수" in row.inner_text() and "010-2222-3333" not in row.inner_text()
    row.locator("textarea[name=response]").fill("등하교 시간(08~09시) 정문 앞 집중 단속을 시작했습니다.")
    row.get_by_role("button", name="답변 보내기").click()
    officer.wait_for_url(f"{base}/admin/objections/")
    assert officer.locator(f"#objection-queue tr[data-objection='{obj.pk}']").get_attribute("data-state") == "done"
    officer.screenshot(path=str(ARTIFACTS / "objections-admin.png"), full_page=True)
    officer_ctx.close()

    # 3. The proposer is told and reads the answer on the proposal page.
    assert Notification.objects.filter(user=world.member, kind="objection_answered").exists()
    partner.goto(f"{base}/suggestions/notifications/")
    assert "이의신청에 답변이 등록되었습니다" in partner.locator("main").inner_text()
    partner.goto(url)
    done = partner.locator("#objections .objection")
    assert "완료" in done.inner_text() and "집중 단속" in done.inner_text()

    # 4. The department corrects its answer; the proposer rates the corrected version again.
    correct(world, s, body="정문 앞 집중 단속을 매일 등하교 시간에 합니다.")
    partner.goto(url)
    assert partner.locator("#rating-done").count() == 0  # the corrected answer is not rated yet
    partner.check("#rating-form input[name=score][value='4']")
    partner.click("#rating-form button[type=submit]")
    partner.wait_for_url(url)
    assert "4/5" in partner.locator("#rating-done").inner_text()
    assert partner.locator("#objection-form").count() == 1  # the new version may be objected to again
    partner.screenshot(path=str(ARTIFACTS / "objection-rated-again.png"), full_page=True)
    partner_ctx.close()
    assert list(Rating.objects.filter(suggestion=s).values_list("answer__version", "score")) == [(1, 2), (2, 4)]
