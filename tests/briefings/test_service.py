"""request_briefing (audited, queued through the outbox in the same transaction, refusals in
Korean) and the pages' access: HQ and admins only, a 404 like a missing page for everyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from briefings import services
from briefings.models import Briefing
from core.errors import DomainError
from core.models import AuditLog, OutboxMessage

pytestmark = pytest.mark.django_db


def test_request_is_audited_and_queued_in_the_same_transaction(world):
    briefing = services.request_briefing(world.hq, dt.date(2026, 11, 17))
    assert briefing.month == dt.date(2026, 11, 1) and briefing.state == Briefing.State.QUEUED
    assert briefing.requested_by == world.hq and briefing.progress == 0
    assert AuditLog.objects.filter(action="briefing.request", object_id=str(briefing.pk), actor=world.hq).exists()
    message = OutboxMessage.objects.get(task_name="briefings.generate")
    assert message.args == [briefing.pk]


def test_a_rolled_back_request_leaves_nothing(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.request_briefing(world.hq, dt.date(2026, 10, 1))
        raise RuntimeError("the caller's transaction fails")
    assert not Briefing.objects.exists() and not OutboxMessage.objects.filter(task_name="briefings.generate").exists()


def test_refusals_are_korean_and_save_nothing(world):
    with pytest.raises(DomainError, match="아직 시작하지 않은 달"):
        services.request_briefing(world.hq, dt.date(2099, 1, 1))
    services.request_briefing(world.admin, dt.date(2026, 11, 1))
    with pytest.raises(DomainError, match="이미 만들고 있습니다"):
        services.request_briefing(world.hq, dt.date(2026, 11, 30))
    for user in (world.member, world.representative, world.officer_traffic, world.head_safety, world.auditor):
        with pytest.raises(PermissionDenied):
            services.request_briefing(user, dt.date(2026, 10, 1))
    assert Briefing.objects.count() == 1


def test_a_finished_month_can_be_made_again_and_both_are_kept(world):
    first = services.request_briefing(world.hq, dt.date(2026, 11, 1))
    services.fail(first.pk, "테스트")
    second = services.request_briefing(world.hq, dt.date(2026, 11, 1))
    assert set(Briefing.objects.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_the_task_side_records_progress_and_ignores_a_redelivery(world):
    b = services.request_briefing(world.hq, dt.date(2026, 11, 1))
    claimed = services.claim(b.pk)
    assert claimed is not None and claimed.state == Briefing.State.RUNNING
    services.report_progress(claimed, 140, "자료 모으는 중")
    b.refresh_from_db()
    assert (b.progress, b.step) == (100, "자료 모으는 중")  # clamped to 0–100
    services.finish(claimed, b"%PDF", b"PK")
    assert services.claim(b.pk) is None  # a redelivered task does not rebuild a finished briefing
    services.fail(b.pk, "late error")
    b.refresh_from_db()
    assert b.state == Briefing.State.DONE and b.error == ""


def _done(world) -> Briefing:
    b = Briefing.objects.create(month=dt.date(2026, 11, 1), requested_by=world.hq)
    services.finish(b, b"%PDF-1.4 test", b"PK test")
    return b


def test_hq_pages_list_poll_and_download(client, world):
    b = _done(world)
    client.force_login(world.hq)
    page = client.get(reverse("briefings:list"))
    assert page.status_code == 200 and "브리핑 만들기" in page.text and "2026년 11월" in page.text
    status = client.get(reverse("briefings:status", args=[b.pk])).json()
    assert status["state"] == "done" and status["progress"] == 100 and status["pdf"].endswith("/pdf")
    pdf = client.get(status["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == b"%PDF-1.4 test"
    assert 'filename="cheong-briefing-2026-11.pdf"' in pdf["Content-Disposition"]
    assert client.get(status["xlsx"]).status_code == 200
    assert client.get(reverse("briefings:file", args=[b.pk, "exe"])).status_code == 404


def test_the_form_refuses_a_bad_month_in_korean(client, world):
    client.force_login(world.hq)
    response = client.post(reverse("briefings:request"), {"month": "11월"})
    assert response.status_code == 302
    assert any("YYYY-MM" in str(m) for m in get_messages(response.wsgi_request))
    assert not Briefing.objects.exists()
    response = client.post(reverse("briefings:request"), {"month": "2026-11"}, follow=True)
    assert "2026년 11월 브리핑을 만들기 시작했습니다" in response.text
    assert Briefing.objects.get().month == dt.date(2026, 11, 1)


def test_everyone_but_hq_gets_404(client, world):
    b = _done(world)
    pending = Briefing.objects.create(month=dt.date(2026, 10, 1), requested_by=world.hq)
    pending.pdf.save("x.pdf", ContentFile(b"x"))  # a file on a briefing not done is not served either
    urls = [
        reverse("briefings:list"),
        reverse("briefings:status", args=[b.pk]),
        reverse("briefings:file", args=[b.pk, "pdf"]),
        reverse("briefings:file", args=[b.pk, "xlsx"]),
    ]
    for user in (None, world.member, world.representative, world.officer_traffic, world.head_traffic, world.auditor):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(reverse("briefings:request"), {"month": "2026-11"}).status_code == 404
    client.force_login(world.hq)
    assert client.get(reverse("briefings:file", args=[pending.pk, "pdf"])).status_code == 404
    assert client.get(reverse("briefings:status", args=[99999])).status_code == 404
    assert Briefing.objects.count() == 2
