"""The whole journey in a real browser (Playwright + Debian's Chromium against live_server, a real
Celery worker for the notifications): a partner files a field report with a map pin → the 교통과
officer drafts the answer in the Wagtail admin inbox → the head approves it → the partner sees the
answer, has the notification and rates it."""

import os

import pytest

from suggestions.models import Answer, Notification, Suggestion
from tests.conftest import wait_until

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, context_for, log_in

pytestmark = pytest.mark.browser


def click_map(page, lat: float, lon: float) -> tuple[float, float]:
    """Click the filing form's map (Leaflet, site/static/js/map.js) where (lat, lon) is drawn, and wait
    for the server's answer about the place."""
    map_ = page.locator("#map-picker")
    map_.scroll_into_view_if_needed()
    page.wait_for_selector("#map-picker[data-boundaries]")
    x, y = page.evaluate(
        "([lat, lon]) => { const p = document.getElementById('map-picker').cheongMap"
        ".latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }",
        [lat, lon],
    )
    map_.click(position={"x": x, "y": y})
    page.wait_for_selector("#map-picker[data-place]:not([data-resolving])")
    return x, y


MAP_TOLERANCE = 0.002  # about one screen pixel of the map is ~0.0007°


def login(browser, base: str, user, next_url: str):
    """A new context signed in through the login form (part of the journey), with its console errors."""
    context = context_for(browser, base)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, base, user, next_url)
    return context, page, errors


def test_field_report_answer_approval_notification_rating(live_server, browser, celery_worker, world):
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url

    # 1. The partner files a field report with a place, a pin on the map, a time band and a risk type.
    partner_ctx, page, console_errors = login(browser, base, world.member, "/suggestions/new/")
    assert page.locator("#field-report-fields").is_hidden()  # proposal by default
    page.check("input[name=kind][value=field_report]")
    assert page.locator("#field-report-fields").is_visible()
    page.fill("#id_title", "수유역 4번 출구 횡단보도 신호등 꺼짐")
    page.fill("#id_body", "저녁 7시쯤 보행 신호등이 자주 꺼져 아이들이 위험합니다.")
    page.select_option("#id_field", label="교통")
    page.fill("#id_address", "수유역 4번 출구 앞 횡단보도")
    # The place is picked on the map (Leaflet over Seoul's boundaries, no tiles): a click drops the
    # pin, fills the coordinates and selects the 자치구 the server resolves the pin to.
    assert page.locator("#id_district").input_value() == ""
    x, y = click_map(page, 37.63841, 127.02481)
    picked_lat, picked_lon = float(page.input_value("#id_lat")), float(page.input_value("#id_lon"))
    assert abs(picked_lat - 37.63841) < MAP_TOLERANCE and abs(picked_lon - 127.02481) < MAP_TOLERANCE, (x, y)
    assert len(page.input_value("#id_lat").split(".")[1]) == 5
    assert page.locator("#id_district").input_value() == "강북구"
    assert "(강북구 수유동)" in page.locator("#location-status").inner_text()
    assert page.locator("#map-picker .map-pin").count() == 1
    page.fill("#id_time_band", "18:00-21:00")
    page.select_option("#id_risk_type", "traffic_risk")
    page.check("input[name=visibility][value=public]")
    assert page.locator("#similar-suggestions").count() == 1
    page.screenshot(path=str(ARTIFACTS / "suggestion-filing-form.png"), full_page=True)
    page.click("#suggestion-form button[type=submit]")
    page.wait_for_url(f"{base}/suggestions/*/")
    s = Suggestion.objects.get(title="수유역 4번 출구 횡단보도 신호등 꺼짐")
    assert (s.kind, s.lat, s.lon, s.district, s.department.slug) == (
        "field_report",
        picked_lat,
        picked_lon,
        "강북구",
        "traffic",
    )
    assert page.locator("#suggestion-map .map-area").count() == 1  # read-only map: the author sees the 150 m cell
    assert page.locator("#status-badge").inner_text() == "배정"
    assert "교통과" in page.locator("#timeline").inner_text()

    # 2. The 교통과 officer drafts the answer in the Wagtail admin inbox and asks for approval.
    officer_ctx, officer, _ = login(browser, base, world.officer_traffic, "/admin/inbox/")
    officer.get_by_role("link", name=s.title).click()
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert f"{picked_lat:.5f}".rstrip("0") in officer.locator(".inbox-meta").inner_text()
    officer.select_option("#id_decision", "accepted")
    officer.fill(
        "#id_body",
        "현장을 확인하고 강북구청에 신호기 보수를 요청했습니다. 보수 전까지 경찰관이 하교 시간에 교통 안내를 합니다.",
    )
    officer.click("#save-and-submit")
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert "결재 대기" in officer.locator(".answer-version").first.inner_text()
    officer.screenshot(path=str(ARTIFACTS / "suggestion-inbox-officer.png"), full_page=True)
    officer_ctx.close()

    # 3. The head approves it from the approval queue.
    head_ctx, head, _ = login(browser, base, world.head_traffic, "/admin/inbox/approvals/")
    head.get_by_role("link", name=f"#{s.pk} {s.title}").click()
    head.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    head.click("#approve-answer")
    head.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert Answer.objects.get(suggestion=s).state == Answer.State.PUBLISHED
    head_ctx.close()

    # 4. The partner sees the answer, has the notification (sent by the worker) and rates it.
    page.goto(f"{base}/suggestions/{s.pk}/")
    assert page.locator("#status-badge").inner_text() == "답변 완료"
    assert "강북구청에 신호기 보수" in page.locator(".official-answer").inner_text()
    wait_until(
        lambda: Notification.objects.filter(
            user__username="partner_member", kind="answered", channel="in_app"
        ).exists(),
        what="answered notification from the worker",
    )
    page.goto(f"{base}/suggestions/notifications/")
    assert "공식 답변이 게시되었습니다" in page.locator("#notifications").inner_text()
    page.get_by_role("link", name="공식 답변이 게시되었습니다", exact=False).first.click()
    page.wait_for_url(f"{base}/suggestions/{s.pk}/")
    page.check("#rating-form input[name=score][value='5']")
    page.fill("#rating-form textarea", "빠른 조치 감사합니다")
    page.click("#rating-form button[type=submit]")
    page.wait_for_url(f"{base}/suggestions/{s.pk}/")
    assert "5/5" in page.locator("#rating-done").inner_text()
    page.screenshot(path=str(ARTIFACTS / "suggestion-answered-rated.png"), full_page=True)
    s.refresh_from_db()
    assert s.current_rating.score == 5
    assert [e for e in console_errors if "Content Security Policy" in e] == []
    partner_ctx.close()
