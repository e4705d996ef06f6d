"""탄력순찰 end to end in a real browser (Playwright + Debian's Chromium against live_server, a real
Celery worker and the real Elasticsearch): partners' fear reports → HQ turns
their hotspot cell into a patrol request on the hotspot page → plans it for this week in the Wagtail
admin with an assigned officer → the officer logs "patrolled" → the reporter, signed in, reads
"이번 주 … 일대를 …시에 순찰했습니다" and sees 순찰 완료 on the report's timeline."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from places.models import PoliceStation
from suggestions.models import Suggestion
from suggestions.patrols.models import PatrolLog, PatrolPlan, PatrolRequest, PatrolUnit
from tests.conftest import wait_until
from tests.search.conftest import index_all

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, signed_in_page

pytestmark = pytest.mark.browser


def _indexed(n: int) -> bool:
    from search.client import get_client, index_name

    client = get_client()
    client.indices.refresh(index=index_name("suggestions"))
    return client.count(index=index_name("suggestions"))["count"] >= n


def test_fear_reports_become_a_patrol_the_reporters_hear_about(
    live_server, browser, celery_worker, search_index, world
):
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    PatrolUnit.objects.create(station=PoliceStation.objects.get(name="강북경찰서"), department=world.safety)
    fear = {"risk_type": Suggestion.RiskType.RESIDENT_ANXIETY, "time_band": "22:00-02:00"}
    mine = world.file(title="수유역 뒷골목이 밤마다 무서워요", **fear)
    world.file(world.member_other, title="수유시장 옆 골목이 어두워요", lat=37.6381, lon=127.0252, **fear)
    # The worker indexes them through the outbox; on a busy machine that can lag, so index them too.
    if not _indexed(2):
        index_all()
    wait_until(lambda: _indexed(2), timeout=120, what="both reports in the index")

    # 1. HQ: the hotspot page (with its weekday chart) → 순찰 요청 만들기 on the 수유동 cell.
    hq_ctx, hq = signed_in_page(browser, base, world.hq, "/hq/hotspots/")
    assert hq.locator("#weekday-table").is_visible()
    hq.get_by_role("button", name="강북구 수유동 순찰 요청 만들기").click()
    hq.wait_for_url(f"{base}/admin/patrols/")
    assert "순찰 요청 1건을 만들었습니다" in hq.content()
    req = PatrolRequest.objects.get()
    assert set(req.reports.all()) == {mine, Suggestion.objects.get(title="수유시장 옆 골목이 어두워요")}

    # 2. HQ plans it for this week with 생활안전과's officer.
    week = timezone.localdate().isocalendar()
    hq.check(f"#req-{req.pk}")
    hq.fill("input[name=week]", f"{week.year}-W{week.week:02d}")
    hq.select_option("select[name=assignee]", str(world.officer_safety.pk))
    hq.click("#patrol-plan-form button[type=submit]")
    plan = PatrolPlan.objects.get()
    hq.wait_for_url(f"{base}/admin/patrols/plans/{plan.pk}/")
    assert "강북구 수유동" in hq.locator("#patrol-spots").inner_text()
    hq_ctx.close()

    # 3. The assigned officer logs the patrol (a few minutes ago, Seoul time).
    at = timezone.localtime() - dt.timedelta(minutes=10)
    officer_ctx, officer = signed_in_page(browser, base, world.officer_safety, f"/admin/patrols/plans/{plan.pk}/")
    form = officer.locator(".patrol-log-form").first
    form.locator("input[name=date]").fill(at.date().isoformat())
    form.locator("input[name=time]").fill(at.strftime("%H:%M"))
    form.locator("input[name=notes]").fill("골목 두 곳 도보 순찰, 이상 없음")
    form.get_by_role("button", name="순찰 완료 기록").click()
    officer.wait_for_url(f"{base}/admin/patrols/plans/{plan.pk}/")
    assert "이 장소를 신고한 파트너에게 알렸습니다" in officer.content()
    assert PatrolLog.objects.count() == 1
    officer.screenshot(path=str(ARTIFACTS / "patrol-plan-logged.png"), full_page=True)
    officer_ctx.close()

    # 4. The reporter reads the notice and sees 순찰 완료 on the report's timeline (no officer name).
    partner_ctx, page = signed_in_page(browser, base, world.member, "/suggestions/notifications/")
    notice = f"이번 주 강북구 수유동 일대를 {at:%H}시에 순찰했습니다."
    assert notice in page.locator("#notifications").inner_text()
    page.goto(f"{base}/suggestions/{mine.pk}/")
    timeline = page.locator("#timeline").inner_text()
    assert "순찰 완료" in timeline and at.strftime("%H:%M") in timeline
    assert world.officer_safety.username not in timeline and "생활안전과 담당관" not in timeline
    page.screenshot(path=str(ARTIFACTS / "patrol-reporter-timeline.png"), full_page=True)
    partner_ctx.close()
