"""반영 (implemented, issue 11 §5 first bullet): the record of what changed, who is told, and the
public "반영된 제안" page (anonymous: public proposals only; partners: partners-visible too)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from suggestions import deadlines, services
from suggestions.following.models import Implementation
from suggestions.models import Suggestion

from .helpers import deliver, in_app, publish_answer

pytestmark = pytest.mark.django_db
V = Suggestion.Visibility


def _implemented(world, title: str, visibility=V.PUBLIC, summary: str = "보행 신호 주기를 늘렸습니다.", **kw):
    s = world.file(title=title, visibility=visibility)
    publish_answer(world, s)
    services.mark_implemented(world.officer_traffic, s, summary=summary, **kw)
    return s


def test_the_record_and_who_is_told(world):
    s = world.file()
    services.support(world.member_other, s)
    publish_answer(world, s)
    announcement = Page.objects.filter(depth__gt=1).first()
    day = deadlines.local_today() - dt.timedelta(days=2)
    services.mark_implemented(
        world.officer_traffic, s, summary="수유역 사거리 보행 신호 연장", implemented_on=day, announcement=announcement
    )
    record = Implementation.objects.get(suggestion=s)
    assert (record.summary, record.implemented_on, record.department, record.announcement) == (
        "수유역 사거리 보행 신호 연장",
        day,
        world.traffic,
        announcement,
    )
    assert record.recorded_by == world.officer_traffic
    s.refresh_from_db()
    assert s.status == Suggestion.Status.IMPLEMENTED and s.implemented_announcement == announcement
    deliver(s, "implemented")
    assert any("수유역 사거리 보행 신호 연장" in m for m in in_app(world.member, "implemented"))
    follower = in_app(world.member_other, "implemented")
    assert len(follower) == 1 and "정책에 반영" in follower[0]


def test_bad_input_saves_nothing(world):
    s = world.file()
    publish_answer(world, s)
    with pytest.raises(ValidationError) as missing:
        services.mark_implemented(world.officer_traffic, s, summary="  ")
    assert missing.value.message_dict["summary"] == ["무엇이 바뀌었는지(변경 내용)를 입력해 주세요."]
    future = deadlines.local_today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as late:
        services.mark_implemented(world.officer_traffic, s, summary="내일 바뀝니다", implemented_on=future)
    assert "오늘 이후" in late.value.message_dict["implemented_on"][0]
    s.refresh_from_db()
    assert s.status == Suggestion.Status.ANSWERED and not Implementation.objects.exists()
    assert not s.events.filter(kind="implemented").exists()


def test_public_page_anonymous_versus_partner(client, world):
    _implemented(world, "공개 제안 반영", V.PUBLIC, summary="보안등 3개 설치 (문의 010-1111-2222)")
    _implemented(world, "파트너스 제안 반영", V.PARTNERS)
    _implemented(world, "경찰 전용 제안 반영", V.POLICE)
    url = reverse("suggestions:implemented")
    anonymous = client.get(url).content.decode()
    assert "공개 제안 반영" in anonymous and "파트너스 제안 반영" not in anonymous
    assert "경찰 전용 제안 반영" not in anonymous
    assert "보안등 3개 설치" in anonymous and "010-1111-2222" not in anonymous  # masked
    menu = client.get(reverse("suggestions:list")).content.decode()
    assert f'<a href="{url}">반영된 제안</a>' in menu  # linked from the main menu
    client.force_login(world.member_other)
    partner = client.get(url).content.decode()
    assert "공개 제안 반영" in partner and "파트너스 제안 반영" in partner and "경찰 전용 제안 반영" not in partner
    api = client.get("/api/v1/implemented/").json()
    assert api["count"] == 2 and {r["title"] for r in api["results"]} == {"공개 제안 반영", "파트너스 제안 반영"}
    client.logout()
    assert client.get("/api/v1/implemented/").json()["count"] == 1


def test_the_page_reads_a_constant_number_of_queries(client, world):
    announcement = Page.objects.filter(depth__gt=1).first()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("suggestions:implemented")).status_code == 200
        return len(captured)

    for i in range(2):
        _implemented(world, f"반영 {i}", announcement=announcement)
    queries()  # warm the per-process caches (Wagtail's site root paths)
    few = queries()
    for i in range(2, 8):
        _implemented(world, f"반영 {i}", announcement=announcement)
    assert queries() == few


def test_pagination(client, world, monkeypatch):
    from suggestions.following import selectors

    monkeypatch.setattr(selectors, "IMPLEMENTED_PER_PAGE", 2)
    for i in range(3):
        _implemented(world, f"쪽 나눔 {i}")
    first = client.get(reverse("suggestions:implemented")).content.decode()
    second = client.get(reverse("suggestions:implemented"), {"page": 2}).content.decode()
    assert first.count('class="card implemented-item"') == 2 and second.count('class="card implemented-item"') == 1
    assert "1 / 2" in first


def test_the_inbox_form_and_the_api_record_it(client, world):
    s = world.file(title="교차로 반영 폼")
    publish_answer(world, s)
    client.force_login(world.officer_traffic)
    url = reverse("suggestions_inbox:action", args=[s.pk, "implement"])
    client.post(url, {"summary": "", "reason": "메모"})
    assert not Implementation.objects.filter(suggestion=s).exists()
    client.post(url, {"summary": "교차로 신호 체계 개편", "implemented_on": "", "announcement": ""})
    assert Implementation.objects.get(suggestion=s).summary == "교차로 신호 체계 개편"
    other = world.file(title="API 반영")
    publish_answer(world, other)
    response = client.post(
        f"/api/v1/suggestions/{other.pk}/implement/",
        {"summary": "API로 기록", "implemented_on": "2026-01-05"},
        content_type="application/json",
    )
    assert response.status_code == 200
    record = Implementation.objects.get(suggestion=other)
    assert (record.summary, record.implemented_on) == ("API로 기록", dt.date(2026, 1, 5))
    client.force_login(world.member)
    detail = client.get(reverse("suggestions:detail", args=[other.pk])).content.decode()
    assert 'id="implementation"' in detail and "API로 기록" in detail
