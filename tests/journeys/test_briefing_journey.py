"""Journey (5) in a real browser against the real stack (live_server, a real Celery worker,
PostgreSQL, Elasticsearch): a proposal marked 반영 appears on the public "반영된 제안" page; HQ signs
in (with TOTP), clicks "브리핑 만들기", watches the progress and downloads the PDF, whose pages are
rendered as images here and carry the implemented proposal."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from briefings.models import Briefing
from suggestions.models import Suggestion
from suggestions.services.answers import mark_implemented
from tests.briefings.conftest import render_pages
from tests.search.conftest import index_all

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.browser import ARTIFACTS, context_for, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "통학로 보안등 추가 설치 제안"


def test_implemented_proposal_is_public_and_in_the_monthly_briefing(
    live_server, browser, celery_worker, search_index, world
):
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    day = last_month + dt.timedelta(days=9)
    proposal = world.suggestion(
        TITLE,
        "초등학교 통학로가 어두워 보안등을 더 설치해 주세요.",
        created=(last_month + dt.timedelta(days=2)).isoformat(),
        field="교통",
        department=world.traffic,
        status=Suggestion.Status.ANSWERED,
    )
    for n in range(3):  # a little more of the month, for the themes and volumes
        world.suggestion(
            "골목 가로등 고장",
            "골목 가로등이 꺼져 어두워요.",
            created=(last_month + dt.timedelta(days=4 + n)).isoformat(),
        )
    mark_implemented(
        world.head_traffic, proposal, summary="통학로 3곳에 보안등 12개를 추가 설치했습니다.", implemented_on=day
    )
    index_all()

    # 1. Anyone sees it on the public page of implemented proposals.
    public = context_for(browser, base)
    page = public.new_page()
    page.goto(f"{base}/suggestions/implemented/")
    assert page.get_by_text(TITLE).first.is_visible()
    assert page.get_by_text("보안등 12개").first.is_visible()
    public.close()

    # 2. HQ makes last month's briefing in one click and watches it finish.
    context = context_for(browser, base, accept_downloads=True)
    page = context.new_page()
    log_in(page, base, world.hq, "/hq/briefings/")
    # Console errors of the briefing page itself (the TOTP step before it is not this journey's).
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.reload()
    assert page.locator("input[name=month]").input_value() == f"{last_month:%Y-%m}"  # last month by default
    page.get_by_role("button", name="브리핑 만들기").click()
    page.wait_for_url(f"{base}/hq/briefings/")
    assert page.get_by_text("브리핑을 만들기 시작했습니다").is_visible()
    briefing = Briefing.objects.get()
    row = page.locator(f"#briefing-{briefing.pk}")
    assert row.locator("progress").count() == 1
    # The poll updates the row in place (no reload) until the worker is done.
    row.locator("[data-role=pdf]").wait_for(timeout=600_000)
    assert row.locator("[data-role=state]").inner_text() == "완료"
    assert row.locator("[data-role=progress]").inner_text() == "100%"
    page.screenshot(path=str(ARTIFACTS / "briefing-journey.png"), full_page=True)
    with page.expect_download() as info:
        row.locator("[data-role=pdf]").click()
    download = info.value
    assert download.suggested_filename == f"cheong-briefing-{last_month:%Y-%m}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert not errors, errors
    context.close()

    # 3. The PDF's pages render, none blank, and the implemented proposal is in it.
    pages = render_pages(pdf, "briefing-journey-pdf")
    assert len(pages) >= 3
    assert all(variance > 50 for _text, variance in pages)
    text = "".join(t for t, _ in pages)
    assert "이달 반영된 제안" in text and TITLE in text and "보안등 12개" in text
