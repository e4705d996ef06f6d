"""Journey (4) of issue 11 in a real browser (Playwright + Debian's Chromium against live_server, a
real Celery worker for the notifications): a partner supports another member's proposal → the 교통과
officer drafts the answer in the Wagtail admin, the head approves it → the supporter, signed in, sees
the follower's notification. Then the proposer writes in the private thread and the officer replies
from the admin, and the officer marks it 반영 with what changed: the public "반영된 제안" page shows it
to an anonymous visitor."""

import os

import pytest

from suggestions.following.models import Follow, ThreadMessage
from suggestions.models import Answer, Notification
from tests.conftest import wait_until

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, context_for, signed_in_page

pytestmark = pytest.mark.browser


SLOW_MACHINE_MS = 120_000  # a loaded 2-core machine (the worker loading its analyser) is slow to answer


def _context(browser, base: str, user=None):
    context = context_for(browser, base, user)
    context.set_default_timeout(SLOW_MACHINE_MS)
    return context


def test_supporter_is_told_of_the_answer_thread_and_implemented_page(live_server, browser, celery_worker, world):
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    s = world.file(title="수유역 사거리 보행 신호 연장 제안", kind="proposal", place=False)

    # 1. Another group's member supports it on the proposal page: supporting follows.
    fan_ctx, fan = signed_in_page(
        browser, base, world.member_other, f"/suggestions/{s.pk}/", timeout_ms=SLOW_MACHINE_MS
    )
    fan.get_by_role("button", name="공감합니다").click()
    fan.wait_for_url(f"{base}/suggestions/{s.pk}/")
    assert fan.locator("#support-count").inner_text() == "1"
    assert "팔로우 중" in fan.locator("#following-state").inner_text()
    assert fan.locator("#unfollow-button").is_visible()
    assert Follow.objects.filter(suggestion=s, user=world.member_other).exists()
    assert fan.locator("#thread").count() == 0  # the private thread is not theirs

    # 2. The 교통과 officer drafts the answer in the Wagtail admin and asks for approval.
    officer_ctx, officer = signed_in_page(
        browser, base, world.officer_traffic, f"/admin/inbox/{s.pk}/", timeout_ms=SLOW_MACHINE_MS
    )
    officer.select_option("#id_decision", "accepted")
    officer.fill("#id_body", "보행 신호 시간을 늘리도록 신호 주기를 조정하겠습니다.")
    officer.click("#save-and-submit")
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")

    # 3. The head approves it.
    head_ctx, head = signed_in_page(
        browser, base, world.head_traffic, f"/admin/inbox/{s.pk}/", timeout_ms=SLOW_MACHINE_MS
    )
    head.click("#approve-answer")
    head.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert Answer.objects.get(suggestion=s).state == Answer.State.PUBLISHED
    head_ctx.close()

    # 4. The supporter has the follower's notification (sent by the worker) and follows it to the answer.
    wait_until(
        lambda: Notification.objects.filter(user=world.member_other, kind="answered", channel="in_app").exists(),
        timeout=300,  # queued behind the worker's first indexing tasks (they load the analyser)
        what="the follower's notification from the worker",
    )
    fan.goto(f"{base}/suggestions/notifications/")
    told = fan.locator("#notifications li[data-kind=answered]")
    assert told.count() == 1 and "[팔로우]" in told.inner_text() and s.title in told.inner_text()
    fan.screenshot(path=str(ARTIFACTS / "follower-notification.png"), full_page=True)
    told.get_by_role("link").click()
    fan.wait_for_url(f"{base}/suggestions/{s.pk}/")
    assert "신호 주기를 조정" in fan.locator(".official-answer").inner_text()
    fan_ctx.close()

    # 5. The proposer writes in the private thread; the officer replies from the admin.
    author_ctx = _context(browser, base, world.member)
    author = author_ctx.new_page()
    author.goto(f"{base}/suggestions/{s.pk}/")
    author.fill("#thread-body", "신호 조정 날짜를 알려 주실 수 있나요?")
    author.click("#thread-form button[type=submit]")
    author.wait_for_url(f"{base}/suggestions/{s.pk}/#thread")
    assert "신호 조정 날짜" in author.locator("#thread").inner_text()
    officer.goto(f"{base}/admin/inbox/{s.pk}/")
    assert "신호 조정 날짜를 알려 주실 수 있나요?" in officer.locator("#thread").inner_text()
    officer.fill("#thread-body", "다음 주 화요일에 조정합니다.")
    officer.click("#thread-form button[type=submit]")
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/#thread")
    assert [m.from_police for m in ThreadMessage.objects.filter(suggestion=s)] == [False, True]
    author.goto(f"{base}/suggestions/{s.pk}/")
    assert "다음 주 화요일에 조정합니다." in author.locator("#thread").inner_text()
    author.screenshot(path=str(ARTIFACTS / "follower-thread.png"), full_page=True)
    author_ctx.close()

    # 6. The officer marks it 반영 with what changed; an anonymous visitor finds it on the public page.
    officer.goto(f"{base}/admin/inbox/{s.pk}/")
    officer.click("#implement-panel summary")
    officer.fill("#impl-summary", "수유역 사거리 보행 신호를 25초에서 35초로 늘렸습니다.")
    officer.click("#implement-panel button")
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    officer_ctx.close()
    visitor_ctx = _context(browser, base)
    visitor = visitor_ctx.new_page()
    visitor.goto(f"{base}/suggestions/{s.pk}/")  # public: the visitor sees what changed on the proposal too
    assert "25초에서 35초로" in visitor.locator("#implementation").inner_text()
    visitor.locator("header nav a[href='/suggestions/implemented/']").click()  # the main menu's link
    visitor.wait_for_url(f"{base}/suggestions/implemented/")
    item = visitor.locator(f"#implemented-list li[data-suggestion='{s.pk}']")
    assert s.title in item.inner_text() and "25초에서 35초로" in item.inner_text()
    assert "교통과" in item.inner_text()
    visitor.screenshot(path=str(ARTIFACTS / "implemented-page.png"), full_page=True)
    visitor_ctx.close()
