"""Journey (3), POST-CSO, in a real browser against the real stack (live_server, a real Celery worker
that e-mails the agency through a real SMTP server on loopback): a partner files a field report →
the 생활안전과 officer plans a site check and records the CPTED checklist with a photo in the Wagtail
admin → refers it to an agency from the directory → the agency opens the link from the e-mail the
SMTP server received and records 조치 완료 → the reporter has the notification and sees the outcome."""

from __future__ import annotations

import io
import os
import re

import pytest
from django.conf import settings
from PIL import Image

from demo.referrals import ensure_agencies, ensure_checklist
from suggestions.models import Notification, Suggestion
from suggestions.referrals.models import AgencyReferral, SiteCheck, SiteCheckItem
from tests.conftest import WorkerProcess, wait_until
from tests.suggestions.referrals.conftest import LINK, body_of
from tests.suggestions.smtp_server import FlakySMTP

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, context_for, signed_in_page

pytestmark = pytest.mark.browser


@pytest.fixture
def mailing_worker(transactional_db):
    """A real worker whose e-mail goes to a real SMTP server on loopback (the server is yielded)."""
    from config.celery_app import app

    server = FlakySMTP().start()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)
    worker = WorkerProcess(settings.DATABASES["default"]["NAME"])
    worker.extra_env["CHEONG_TEST_EMAIL_URL"] = f"smtp://127.0.0.1:{server.port}"
    worker.start()
    yield server
    worker.stop()
    server.stop()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 30, 90)).save(out, format="JPEG")
    return out.getvalue()


def test_field_report_site_check_referral_agency_link_reporter_told(live_server, browser, mailing_worker, world):
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    items = ensure_checklist()
    agency = next(a for a in ensure_agencies() if a.name == "한국전력공사 서대문지사")

    # 1. The partner files the field report (POST-CSO: 범죄예방 → 생활안전과).
    partner_ctx, page = signed_in_page(browser, base, world.member, "/suggestions/new/", timeout_ms=120_000)
    page.check("input[name=kind][value=field_report]")
    page.fill("#id_title", "연희동 골목 보안등 고장")
    page.fill("#id_body", "연희동 주민센터 뒤 골목 보안등 3개가 일주일째 꺼져 있어 밤길이 무섭습니다.")
    page.select_option("#id_field", label="범죄예방")
    page.fill("#id_address", "연희동 주민센터 뒤 골목")
    page.select_option("#id_district", "서대문구")
    page.click("#suggestion-form button[type=submit]")
    page.wait_for_url(f"{base}/suggestions/*/")
    s = Suggestion.objects.get(title="연희동 골목 보안등 고장")
    assert s.department == world.safety

    # 2. The 생활안전과 officer plans the site check for themself and records the checklist + a photo.
    officer_ctx, officer = signed_in_page(
        browser, base, world.officer_safety, f"/admin/inbox/{s.pk}/", timeout_ms=120_000
    )
    officer.click("#site-checks > summary")
    officer.fill("#id_scheduled_for", "2026-12-02")
    officer.fill("#id_due_date", "2026-12-04")
    officer.select_option("#id_assigned_to", str(world.officer_safety.pk))
    officer.get_by_role("button", name="일정 등록").click()
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert "현장 진단을 등록했습니다." in officer.content()
    check = SiteCheck.objects.get(suggestion=s)
    for item in items:
        officer.select_option(f"#cl-{check.pk}-{item.pk}", "poor" if item.label in ("조명", "시야 확보") else "good")
    officer.fill(f"input[name=note_{items[0].pk}]", "보안등 3개 소등, 한전 관리 전주")
    officer.fill(f"#finding-{check.pk}", "골목 안쪽 30m 구간 조도 부족, 담장 수목으로 시야 가림")
    officer.fill(f"#done-{check.pk}", "2026-12-02")
    officer.get_by_role("button", name="점검표 저장").click()
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert "현장 진단 결과를 등록했습니다." in officer.content()
    officer.set_input_files(
        f"#photos-{check.pk}", files=[{"name": "골목.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    officer.get_by_role("button", name="사진 올리기").click()
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert "사진을 올렸습니다." in officer.content()
    assert SiteCheckItem.objects.filter(site_check=check, result="poor").count() == 2
    assert check.photos.count() == 1

    # 3. … and refers it to the agency from the directory.
    officer.click("#referrals > summary")
    officer.select_option("#id_agency", label=agency.name)
    officer.fill("#id_note", "전주 보안등 교체 요청")
    officer.get_by_role("button", name="통보", exact=True).click()
    officer.wait_for_url(f"{base}/admin/inbox/{s.pk}/")
    assert "관계기관에 통보했습니다." in officer.content()
    officer.screenshot(path=str(ARTIFACTS / "referral-inbox-officer.png"), full_page=True)
    officer_ctx.close()

    # 4. The agency's contact opens the link the worker e-mailed (as the SMTP server received it).
    def to_agency():
        return [m for m in mailing_worker.messages if m["To"] == agency.email]

    wait_until(to_agency, timeout=120, what="the referral e-mail at the SMTP server")
    message = to_agency()[0]
    found = LINK.search(body_of(message))
    assert found
    path = re.sub(r"^https?://[^/]+", "", found.group(0))
    agency_ctx = context_for(browser, base)
    agency_ctx.set_default_timeout(120_000)
    agency_page = agency_ctx.new_page()
    agency_page.goto(f"{base}{path}")
    assert agency_page.locator("#referral-title").inner_text() == s.title
    assert world.member.username not in agency_page.content()
    agency_page.check("input[name=status][value=done]")
    agency_page.fill("#id_note", "12월 3일 보안등 3개 교체 완료")
    agency_page.get_by_role("button", name="조치 상태 보내기").click()
    assert "‘조치 완료’(으)로 기록했습니다" in agency_page.locator("#referral-status").inner_text()
    gone = agency_page.goto(f"{base}{path}")  # used, and closed: the same link is now a missing page
    assert gone is not None and gone.status == 404
    agency_ctx.close()
    assert AgencyReferral.objects.get(suggestion=s).status == AgencyReferral.Status.DONE

    # 5. The reporter has the notification (sent by the worker) and sees the outcome.
    wait_until(
        lambda: Notification.objects.filter(user=world.member, kind="referral_reply", channel="in_app").exists(),
        timeout=120,
        what="the reporter's referral notification from the worker",
    )
    page.goto(f"{base}/suggestions/notifications/")
    assert "관계기관 회신이 등록되었습니다" in page.locator("#notifications").inner_text()
    page.goto(f"{base}/suggestions/{s.pk}/")
    outcome = page.locator("li.referral").inner_text()
    assert "조치 완료" in outcome and "12월 3일 보안등 3개 교체 완료" in outcome
    page.screenshot(path=str(ARTIFACTS / "referral-reporter-outcome.png"), full_page=True)
    partner_ctx.close()
