"""Site pages and the Wagtail admin inbox, through Django's test client (real PostgreSQL)."""

import re

import pytest
from django.urls import reverse

from suggestions import services
from suggestions.models import Answer, AnswerTemplate, Notification, Suggestion

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "CCTV 요청<img src=x onerror=alert(1)>"
HOSTILE_BODY = (
    "중계동 골목 <script>alert('xss')</script><a href=\"javascript:alert(1)\">사진</a>"
    '<img src=x onerror="alert(2)"><iframe src="javascript:alert(3)"></iframe> 010-5512-3098'
)


def login(client, user):
    client.force_login(user)
    return client


def test_filing_form_renders_with_similar_box_and_no_inline_script(client, world):
    login(client, world.member)
    response = client.get(reverse("suggestions:create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<section id="similar-suggestions" data-similar-url="/hq/similar-preview" aria-live="polite">' in html
    assert "js/similar.js" in html
    assert 'id="id_title"' in html and 'id="id_body"' in html
    # Strict CSP: every <script> has a src, no inline handlers.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_file_field_report_through_form(client, world):
    login(client, world.member)
    response = client.post(
        reverse("suggestions:create"),
        {
            "kind": "field_report",
            "title": "수유역 골목 가로등 고장",
            "body": "밤마다 어둡습니다.",
            "field": world.fields["범죄예방"].pk,
            "group": world.member.memberships.first().group_id,
            "visibility": "public",
            "district": "강북구",
            "address": "수유동 123",
            "lat": "37.63841",
            "lon": "127.02481",
            "time_band": "22:00-02:00",
            "risk_type": "facility_needed",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    s = Suggestion.objects.get(title="수유역 골목 가로등 고장")
    assert s.status == Suggestion.Status.ASSIGNED and s.department.slug == "community-safety"
    assert (s.lat, s.time_band, s.risk_type) == (37.63841, "22:00-02:00", "facility_needed")
    detail = client.get(response["Location"]).content.decode()
    assert "수유동 123" in detail and "배정" in detail


def test_form_errors_are_shown(client, world):
    login(client, world.member)
    response = client.post(
        reverse("suggestions:create"),
        {
            "kind": "field_report",
            "title": "장소 없는 현장 의견",
            "body": "내용",
            "field": world.fields["범죄예방"].pk,
            "group": world.member.memberships.first().group_id,
            "visibility": "public",
            "time_band": "25:00-99",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "장소" in html and "22:00-02:00 형식" in html
    assert not Suggestion.objects.filter(title="장소 없는 현장 의견").exists()


def test_non_partner_cannot_file(client, world):
    login(client, world.officer_traffic)
    response = client.get(reverse("suggestions:create"))
    assert response.status_code == 302


def test_hostile_payload_is_inert_and_pii_masked_for_partners(client, world):
    s = world.file(title=HOSTILE_TITLE, body=HOSTILE_BODY)
    for viewer in ("member_other", None):
        if viewer:
            login(client, world.users[viewer])
        else:
            client.logout()
        html = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
        assert "<script>alert" not in html
        assert "onerror" not in html
        assert "javascript:" not in html
        assert "<iframe" not in html
        assert "010-5512-3098" not in html and "***-****-****" in html
        assert "CCTV 요청" in html
    # Police see the original number.
    login(client, world.officer_traffic)
    html = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "010-5512-3098" in html and "<script>alert" not in html
    # The list page too.
    client.logout()
    listing = client.get(reverse("suggestions:list")).content.decode()
    assert "onerror" not in listing and "CCTV 요청" in listing


def test_detail_404_for_missing_and_forbidden_alike(client, world):
    s = world.file(visibility=Suggestion.Visibility.POLICE)
    login(client, world.member_other)
    forbidden = client.get(reverse("suggestions:detail", args=[s.pk]))
    missing = client.get(reverse("suggestions:detail", args=[999999]))
    assert forbidden.status_code == missing.status_code == 404
    login(client, world.member)  # the author
    assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 200


def test_support_and_rate_buttons(client, world):
    s = world.file()
    login(client, world.representative)
    client.post(reverse("suggestions:support", args=[s.pk]))
    s.refresh_from_db()
    assert s.support_count == 1
    client.post(reverse("suggestions:support", args=[s.pk]))  # second time: refused, count unchanged
    s.refresh_from_db()
    assert s.support_count == 1
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="점검하겠습니다.")
    services.submit_answer(world.officer_traffic, a)
    services.approve_answer(world.head_traffic, a)
    login(client, world.member)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "점검하겠습니다." in page and 'id="rating-form"' in page
    client.post(reverse("suggestions:rate", args=[s.pk]), {"score": "4", "comment": "빠른 답변 감사"})
    s.refresh_from_db()
    assert s.current_rating.score == 4
    assert "4/5" in client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()


def test_mine_notifications_departments_and_hq_pages(client, world):
    s = world.file()
    Notification.objects.create(
        user=world.member, suggestion=s, channel="in_app", kind="received", message="접수 알림", key="k1"
    )
    login(client, world.member)
    mine = client.get(reverse("suggestions:mine")).content.decode()
    assert s.title in mine and "tracker-step" in mine
    notes = client.get(reverse("suggestions:notifications")).content.decode()
    assert "접수 알림" in notes
    client.post(reverse("suggestions:notifications"))
    assert Notification.objects.get(key="k1").read_at is not None
    assert client.get(reverse("suggestions:hq")).status_code == 404
    client.logout()
    public = client.get(reverse("suggestions:departments"))
    assert public.status_code == 200 and "교통과" in public.content.decode()
    assert s.title not in public.content.decode()  # numbers only
    login(client, world.hq)
    hq = client.get(reverse("suggestions:hq")).content.decode()
    assert "department-matrix" in hq and "교통과" in hq


def test_admin_inbox_answer_approval_flow(client, world):
    s = world.file(title="관리자 화면 흐름", body="전화 010-1234-5678")
    AnswerTemplate.objects.create(department=world.traffic, title="점검 안내", body="현장을 점검하겠습니다.")
    officer = login(client, world.officer_traffic)
    inbox = officer.get(reverse("suggestions_inbox:index")).content.decode()
    assert "관리자 화면 흐름" in inbox
    page = officer.get(
        reverse("suggestions_inbox:detail", args=[s.pk]) + "?template=" + str(AnswerTemplate.objects.get().pk)
    ).content.decode()
    assert "현장을 점검하겠습니다." in page  # template pre-filled
    assert "010-1234-5678" in page  # police see the original
    officer.post(
        reverse("suggestions_inbox:action", args=[s.pk, "save_answer"]),
        {"decision": "accepted", "body": "현장을 점검하겠습니다.", "then_submit": "1"},
    )
    answer = Answer.objects.get(suggestion=s)
    assert answer.state == Answer.State.PENDING
    # the officer cannot approve
    officer.post(reverse("suggestions_inbox:action", args=[s.pk, "approve_answer"]), {"answer": answer.pk})
    answer.refresh_from_db()
    assert answer.state == Answer.State.PENDING
    head = login(client, world.head_traffic)
    assert "관리자 화면 흐름" in head.get(reverse("suggestions_inbox:approvals")).content.decode()
    head.post(reverse("suggestions_inbox:action", args=[s.pk, "approve_answer"]), {"answer": answer.pk})
    answer.refresh_from_db()
    s.refresh_from_db()
    assert answer.state == Answer.State.PUBLISHED and s.status == Suggestion.Status.ANSWERED


def test_admin_inbox_hidden_from_other_departments_and_partners(client, world):
    s = world.file()
    login(client, world.officer_safety)
    assert client.get(reverse("suggestions_inbox:detail", args=[s.pk])).status_code == 404
    assert s.title not in client.get(reverse("suggestions_inbox:index")).content.decode()
    login(client, world.member)
    response = client.get(reverse("suggestions_inbox:detail", args=[s.pk]))
    assert response.status_code in (302, 403, 404)


def test_bulk_receive_from_inbox(client, world):
    s1 = services.file_suggestion(
        world.member,
        kind="proposal",
        title="일괄 접수 1",
        body="내용",
        field=world.fields["교통"],
        auto_receive=False,
    )
    s2 = services.file_suggestion(
        world.member,
        kind="proposal",
        title="일괄 접수 2",
        body="내용",
        field=world.fields["교통"],
        auto_receive=False,
    )
    login(client, world.hq)
    inbox = client.get(reverse("suggestions_inbox:index")).content.decode()
    assert "일괄 접수 1" in inbox
    client.post(reverse("suggestions_inbox:bulk_receive"), {"ids": [s1.pk, s2.pk]})
    s1.refresh_from_db()
    s2.refresh_from_db()
    assert s1.status == s2.status == Suggestion.Status.ASSIGNED


def test_user_chooses_notification_channels(client, world):
    from partners.models import Profile

    login(client, world.member)
    page = client.get(reverse("suggestions:notifications")).content.decode()
    assert 'id="channel-form"' in page
    client.post(reverse("suggestions:notification_settings"), {"in_app": "on", "sms": "on", "phone": ""})
    profile = Profile.objects.get(user=world.member)
    assert profile.notify_sms is False  # refused: no mobile number
    client.post(reverse("suggestions:notification_settings"), {"in_app": "on", "sms": "on", "phone": "010-7777-8888"})
    profile.refresh_from_db()
    assert (profile.notify_in_app, profile.notify_email, profile.notify_sms, profile.phone) == (
        True,
        False,
        True,
        "010-7777-8888",
    )


def test_mine_query_count_does_not_grow_with_items(client, world, django_assert_max_num_queries):
    for i in range(6):
        world.file(title=f"내 제안 {i}")
    login(client, world.member)
    with django_assert_max_num_queries(15):
        html = client.get(reverse("suggestions:mine")).content.decode()
    assert html.count("tracker-step current") == 6
