"""대결 in a real browser (Playwright + Debian's Chromium against live_server): the 교통과 head names
a deputy for a period in the Wagtail admin → the deputy signs in, finds the answer in the approval
queue (the worker told them) and approves it in the inbox, recorded as 대결 → the partner sees the answer."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from partners.models import Delegation, OfficerMembership, Profile
from suggestions import services
from suggestions.models import Answer, Notification, TimelineEvent
from tests.conftest import wait_until

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import context_for, log_in

pytestmark = pytest.mark.browser
SCREENSHOT = settings.BASE_DIR / "docs" / "screenshots" / "deputy-approval.png"


def test_head_names_a_deputy_who_approves_and_the_partner_sees_the_answer(live_server, browser, celery_worker, world):
    base = live_server.url
    deputy = get_user_model().objects.create_user("deputy_traffic", password=settings.DEMO_PASSWORD)
    Profile.objects.create(user=deputy, display_name="교통과 김대결")
    OfficerMembership.objects.create(user=deputy, department=world.traffic, role=OfficerMembership.Role.OFFICER)
    s = world.file(title="수유역 횡단보도 보행 신호 연장")
    answer = services.save_answer_draft(
        world.officer_traffic, s, decision="accepted", body="보행 신호를 5초 연장하도록 교통공사에 요청했습니다."
    )
    services.submit_answer(world.officer_traffic, answer)

    # 1. The head names the deputy for the coming week, with a reason.
    head_ctx = context_for(browser, base)
    head = head_ctx.new_page()
    log_in(head, base, world.head_traffic, "/admin/delegations/")
    section = head.locator("#delegations-traffic")
    section.locator("select[name=deputy]").select_option(label="deputy_traffic (담당관)")
    until = dt.datetime.now(ZoneInfo("Asia/Seoul")).date() + dt.timedelta(days=7)
    section.locator("input[name=ends_on]").fill(until.isoformat())
    section.locator("textarea[name=reason]").fill("하계 휴가 (1주)")
    section.get_by_role("button", name="대결자 지정").click()
    head.wait_for_url(f"{base}/admin/delegations/")
    row = section.locator(".delegation-row").first.inner_text()
    assert "deputy_traffic" in row and "하계 휴가 (1주)" in row
    assert Delegation.objects.get(deputy=deputy).head == world.head_traffic
    head_ctx.close()
    wait_until(  # the worker tells the deputy, with what already waits
        lambda: Notification.objects.filter(
            user=deputy, kind="delegation_named", message__contains="결재 대기 1건"
        ).exists(),
        what="the deputy's notice from the worker",
    )

    # 2. The deputy signs in, finds the answer in the approval queue and approves it as 대결.
    deputy_ctx = context_for(browser, base)
    page = deputy_ctx.new_page()
    log_in(page, base, deputy, "/admin/inbox/approvals/")
    page.get_by_role("link", name=f"#{s.pk} {s.title}").click()
    page.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert "교통과장을(를) 대신하여 결재합니다" in page.locator("#approving-for").inner_text()
    page.click("#approve-answer")
    page.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    answer.refresh_from_db()
    assert answer.state == Answer.State.PUBLISHED
    assert (answer.approver, answer.on_behalf_of) == (deputy, world.head_traffic)
    assert "교통과장 대결" in page.locator(f"#approval-line-{answer.pk}").inner_text()
    assert s.events.filter(kind=TimelineEvent.Kind.DELEGATED_APPROVAL, actor=deputy).exists()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    deputy_ctx.close()

    # 3. The partner sees the published answer.
    partner_ctx = context_for(browser, base, world.member)
    partner = partner_ctx.new_page()
    partner.goto(f"{base}/suggestions/{s.pk}/")
    assert partner.locator("#status-badge").inner_text() == "답변 완료"
    assert "보행 신호를 5초 연장" in partner.locator(".official-answer").inner_text()
    partner_ctx.close()
