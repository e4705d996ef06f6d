"""청렴 콜 in a real browser (Playwright + Debian's Chromium against live_server, a real Celery worker):
the partner rates the answer 1/5 → the 민원 점검관 (TOTP login) finds the case in the Wagtail queue,
logs a call and closes it with 재검토 지시 → the 교통과 officer, told by the worker, opens the
re-review and drafts the corrected answer → the head approves it → the partner sees the follow-up
on the timeline and rates the corrected answer again."""

import os

import pytest

from suggestions.callbacks.models import CallbackCase
from suggestions.models import Answer, Notification, Rating
from tests.conftest import wait_until
from tests.suggestions.test_workflow import answer_and_publish

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, signed_in_page

pytestmark = pytest.mark.browser
PHONE = "010-4444-5555"


def test_low_rating_call_re_review_correction_and_rating_again(live_server, browser, celery_worker, world):
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    s = world.file(title="스쿨존 과속 단속 카메라 설치", place=False, kind="proposal")
    answer_and_publish(world, s, body="중장기적으로 검토하겠습니다.")
    url = f"{base}/suggestions/{s.pk}/"

    # 1. The partner rates the answer 1/5.
    partner_ctx, partner = signed_in_page(browser, base, world.member, f"/suggestions/{s.pk}/")
    partner.check("#rating-form input[name=score][value='1']")
    partner.fill("#rating-form textarea", f"검토만 하겠다는 답변입니다. 연락 주세요 {PHONE}")
    partner.click("#rating-form button[type=submit]")
    partner.wait_for_url(url)
    assert "1/5" in partner.locator("#rating-done").inner_text()
    case = CallbackCase.objects.get(suggestion=s)

    # 2. The auditor (TOTP) finds the case in the queue, logs a call and orders a re-review.
    auditor_ctx, auditor = signed_in_page(browser, base, world.auditor, "/admin/callbacks/")
    row = auditor.locator(f"#callback-queue tr[data-case='{case.pk}']")
    assert "낮은 만족도" in row.inner_text() and "미배정" in row.inner_text()
    row.get_by_role("link", name=f"#{case.pk}").click()
    auditor.wait_for_url(f"{base}/admin/callbacks/{case.pk}/")
    assert PHONE not in auditor.locator("main").inner_text()  # the callback role reads masked texts
    auditor.click("#callback-call button[type=submit]")  # nothing chosen: a Korean error, nothing saved
    assert "통화 연결 여부를 골라 주세요" in auditor.locator("#callback-call").inner_text()
    auditor.check("#callback-call input[name='call-reached'][value='yes']")
    auditor.fill("#id_call-note", f"현장 확인 없이 답변했다고 하심. 휴대폰 {PHONE}")
    auditor.click("#callback-call button[type=submit]")
    auditor.wait_for_url(f"{base}/admin/callbacks/{case.pk}/")
    timeline = auditor.locator("#callback-timeline").inner_text()
    assert "통화 연결" in timeline and "현장 확인 없이" in timeline and PHONE not in timeline
    assert auditor.locator("#callback-assignee").inner_text() == "민원 점검관"  # the first caller takes it
    auditor.check("#callback-close input[name='close-outcome'][value='re_review']")
    auditor.fill("#id_close-note", "현장을 확인하고 답변을 다시 작성해 주세요.")
    auditor.click("#callback-close button[type=submit]")
    auditor.wait_for_url(f"{base}/admin/callbacks/{case.pk}/")
    assert auditor.locator("#callback-outcome").inner_text() == "재검토 지시"
    assert "재검토 중" in auditor.locator("#callback-re-review").inner_text()
    auditor.screenshot(path=str(ARTIFACTS / "callback-case-re-review.png"), full_page=True)

    # 3. The officer is told (the worker) and drafts the corrected answer from the re-review list.
    wait_until(
        lambda: Notification.objects.filter(user=world.officer_traffic, kind="callback_re_review").exists(),
        timeout=180,  # the worker works through the answers' and the rating's notices first, on a busy machine
        what="re-review notification from the worker",
    )
    officer_ctx, officer = signed_in_page(browser, base, world.officer_traffic, "/admin/callbacks/relays/")
    officer.locator(f"#re-reviews tr[data-suggestion='{s.pk}']").get_by_role("link").click()
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    officer.select_option("#id_decision", "accepted")
    officer.fill("#id_body", "현장을 확인했습니다. 다음 달 과속 단속 카메라를 설치합니다.")
    officer.fill("#id_correction_reason", "청렴 콜 재검토 지시")
    officer.click("#save-and-submit")
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    officer_ctx.close()

    # 4. The head approves the corrected answer.
    head_ctx, head = signed_in_page(browser, base, world.head_traffic, "/admin/inbox/approvals/")
    head.get_by_role("link", name=f"#{s.pk} {s.title}").click()
    head.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    head.click("#approve-answer")
    head.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    head_ctx.close()
    assert Answer.objects.get(suggestion=s, state=Answer.State.PUBLISHED).version == 2
    auditor.reload()
    assert "재검토 완료" in auditor.locator("#callback-re-review").inner_text()
    auditor_ctx.close()

    # 5. The partner sees the re-review on the timeline and rates the corrected answer again.
    partner.goto(url)
    assert "재검토 지시" in partner.locator("#timeline").inner_text()
    assert "과속 단속 카메라를 설치합니다" in partner.locator(".official-answer").inner_text()
    partner.check("#rating-form input[name=score][value='4']")
    partner.click("#rating-form button[type=submit]")
    partner.wait_for_url(url)
    assert "4/5" in partner.locator("#rating-done").inner_text()
    partner.screenshot(path=str(ARTIFACTS / "callback-rated-again.png"), full_page=True)
    partner_ctx.close()
    assert list(Rating.objects.filter(suggestion=s).values_list("answer__version", "score")) == [(1, 1), (2, 4)]
