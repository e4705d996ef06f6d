"""Reminders to the agency around the reply deadline (idempotent, an SMTP outage only delays them),
overdue referrals in HQ's daily digest and table, and the referral / site-check API."""

from __future__ import annotations

import datetime as dt
from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from suggestions import deadlines, notifications
from suggestions.models import Notification
from suggestions.referrals import mail, services
from suggestions.referrals.models import AgencyReferral, ReferralMail
from tests.suggestions.smtp_server import free_port

from .conftest import send_agency_mails

pytestmark = pytest.mark.django_db
R = AgencyReferral.Status


def test_reminders_before_and_after_the_deadline_once_each_and_an_outage_only_delays(world, agency, smtp, settings):
    referral = services.refer(world.officer_traffic, world.file(), agency=agency)
    assert send_agency_mails() == 1  # the referral itself
    before = referral.reply_due
    day_before = next(
        d
        for d in (before - dt.timedelta(days=n) for n in range(1, 10))
        if deadlines.add_business_days(d, settings.REFERRAL_REMIND_BUSINESS_DAYS_BEFORE) == before
    )
    assert mail.send_reminders(day_before) == 1
    assert mail.send_reminders(day_before) == 0  # the same day again: nothing twice
    live_port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # the SMTP server is "down"
    assert send_agency_mails() == 0
    pending = ReferralMail.objects.get(key__contains=":before:")
    assert pending.sent_at is None and pending.last_error
    settings.EMAIL_PORT = live_port
    after = before + dt.timedelta(days=3)
    assert mail.send_reminders(after) == 1  # the weekly overdue one (and the unsent one queued again)
    assert send_agency_mails() == 2
    subjects = [str(make_header(decode_header(m["Subject"]))) for m in smtp.messages]
    assert any("회신 기한 안내" in s for s in subjects) and any("회신 기한 경과" in s for s in subjects)
    assert smtp.count_by_message_id().most_common(1)[0][1] == 1  # each arrived once
    services.record_outcome(world.officer_traffic, referral, status=R.DONE)
    assert mail.send_reminders(after + dt.timedelta(days=7)) == 0  # closed: no more reminders


def test_overdue_referrals_are_in_the_daily_digest_and_hqs_table(client, world, agency):
    s = world.file()
    referral = services.refer(world.officer_traffic, s, agency=agency)
    late = referral.reply_due + dt.timedelta(days=2)
    assert notifications.send_overdue_digest(late) >= 1
    digest = Notification.objects.filter(user=world.hq, kind="overdue", channel=Notification.Channel.IN_APP).get()
    assert "[회신 기한 경과] 관계기관 통보 1건" in digest.message and agency.name in digest.message
    client.force_login(world.hq)
    page = client.get(reverse("referrals_open"))
    assert page.status_code == 200
    html = page.content.decode()
    assert agency.name in html and f"#{s.pk}" in html and "종결되지 않은 통보 1건" in html
    client.force_login(world.officer_traffic)
    assert client.get(reverse("referrals_open")).status_code == 404


def test_the_api_refers_records_outcomes_and_plans_checks(client, world, agency, checklist):
    s = world.file()
    client.force_login(world.member)
    assert client.get(f"/api/v1/suggestions/{s.pk}/referrals/").status_code == 404  # partners: not theirs to see
    client.force_login(world.officer_traffic)
    created = client.post(
        f"/api/v1/suggestions/{s.pk}/referrals/",
        {"agency": agency.pk, "business_days": 5},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    assert created.json()["status"] == R.SENT
    refused = client.post(
        f"/api/v1/referrals/{rid}/outcome/", {"status": R.IMPOSSIBLE}, content_type="application/json"
    )
    assert refused.status_code == 400 and "조치 불가 사유를 입력해 주세요." in refused.content.decode()
    done = client.post(
        f"/api/v1/referrals/{rid}/outcome/", {"status": R.DONE, "note": "완료"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status_label"] == "조치 완료"
    again = client.post(f"/api/v1/referrals/{rid}/outcome/", {"status": R.IN_PROGRESS}, content_type="application/json")
    assert again.status_code == 400 and "이미 종결된 통보" in again.content.decode()
    planned = client.post(
        f"/api/v1/suggestions/{s.pk}/site-checks/",
        {"scheduled_for": "2026-12-03", "assigned_to": world.officer_safety.pk},
        content_type="application/json",
    )
    assert planned.status_code == 201, planned.content
    results = [{"item": i.pk, "result": "good"} for i in checklist]
    recorded = client.post(
        f"/api/v1/site-checks/{planned.json()['id']}/checklist/",
        {"results": results, "finding": "이상 없음", "done_on": "2026-12-03"},
        content_type="application/json",
    )
    assert recorded.status_code == 200, recorded.content
    assert len(recorded.json()["checklist"]) == len(checklist) and recorded.json()["done_on"] == "2026-12-03"
    client.force_login(world.hq)
    assert client.get("/api/v1/referrals/").json() == []  # the only one is closed
    schema = client.get("/api/v1/schema/").content.decode()
    for path in ("/referrals/{id}/outcome/", "/site-checks/{id}/checklist/", "/suggestions/{id}/referrals/"):
        assert path in schema, path
