"""Department actions through the Wagtail admin inbox views (and the proposer's side on the site)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from suggestions.models import AgencyReferral, SiteCheck, Suggestion, TransferRequest

pytestmark = pytest.mark.django_db


def act(client, s, name, data=None, **extra):
    response = client.post(reverse("suggestions_inbox:action", args=[s.pk, name]), data or {}, **extra)
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"]).content.decode()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, format="JPEG")
    return out.getvalue()


def test_on_the_ground_actions_and_extension(client, world):
    s = world.file()
    client.force_login(world.officer_traffic)
    act(client, s, "site_check", {"scheduled_for": "2026-12-01"})
    check = SiteCheck.objects.get(suggestion=s)
    page = act(
        client,
        s,
        "site_check_result",
        {
            "site_check": check.pk,
            "done_on": "2026-12-01",
            "result": "신호기 전원부 고장 확인",
            "photo": SimpleUploadedFile("현장.jpg", jpeg(), content_type="image/jpeg"),
        },
    )
    check.refresh_from_db()
    assert check.result == "신호기 전원부 고장 확인" and check.photo.name.endswith(".jpg")
    assert "현장" not in check.photo.name
    act(client, s, "referral", {"agency": "강북구청 교통행정과", "referred_on": "2026-12-02"})
    referral = AgencyReferral.objects.get(suggestion=s)
    act(client, s, "referral_reply", {"referral": referral.pk, "reply": "12월 10일 교체", "replied_on": "2026-12-04"})
    referral.refresh_from_db()
    assert referral.reply == "12월 10일 교체"
    new_due = (s.due_date + dt.timedelta(days=10)).isoformat()
    act(client, s, "extend", {"new_due_date": new_due, "reason": "구청 협의"})
    page = act(client, s, "extend", {"new_due_date": new_due, "reason": "또"})
    assert "결재를 기다리는 연장 요청" in page  # the refusal is shown as a message
    client.force_login(world.head_traffic)  # the head approves it (issue 14)
    act(client, s, "decide_extension", {"extension": s.extensions.get().pk, "approve": "1"})
    s.refresh_from_db()
    assert s.due_date.isoformat() == new_due
    # The proposer sees all of it on the site timeline.
    client.force_login(world.member)
    html = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    for text in ("현장 진단 결과", "관계기관 통보", "강북구청 교통행정과", "처리 기한 연장", "구청 협의"):
        assert text in html, text


def test_supplement_round_trip_through_pages(client, world):
    s = world.file()
    client.force_login(world.officer_traffic)
    act(client, s, "request_supplement", {"reason": "정확한 위치를 알려 주세요"})
    s.refresh_from_db()
    assert s.status == Suggestion.Status.SUPPLEMENT
    client.force_login(world.member)
    detail = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "보완하기" in detail and "정확한 위치를 알려 주세요" in detail
    client.post(reverse("suggestions:supplement", args=[s.pk]), {"text": "4번 출구 바로 앞입니다."})
    s.refresh_from_db()
    assert s.status == Suggestion.Status.ASSIGNED and "4번 출구" in s.body


def test_transfer_request_then_hq_decides(client, world):
    s = world.file()
    client.force_login(world.officer_traffic)
    act(client, s, "request_transfer", {"reason": "생활안전 사안", "to_department": world.safety.pk})
    t = TransferRequest.objects.get(suggestion=s)
    page = act(client, s, "decide_transfer", {"transfer": t.pk, "approve": "1"})
    assert "본청만" in page  # officers cannot decide
    client.force_login(world.hq)
    inbox = client.get(reverse("suggestions_inbox:index")).content.decode()
    assert "생활안전 사안" in inbox  # pending transfers listed for HQ
    act(client, s, "decide_transfer", {"transfer": t.pk, "approve": "1"})
    s.refresh_from_db()
    assert s.department == world.safety
    act(client, s, "reassign", {"to_department": world.traffic.pk, "reason": "다시 교통과"})
    s.refresh_from_db()
    assert s.department == world.traffic


def test_implement_merge_and_withdraw(client, world):
    s = world.file()
    dup = world.file(title="중복")
    client.force_login(world.officer_traffic)
    act(client, s, "save_answer", {"decision": "accepted", "body": "하겠습니다", "then_submit": "1"})
    client.force_login(world.head_traffic)
    act(client, s, "approve_answer", {"answer": s.answers.get().pk})
    client.force_login(world.officer_traffic)
    act(client, s, "implement", {"summary": "설치 완료"})  # what changed (the 반영 record)
    act(client, dup, "merge", {"survivor": s.pk, "reason": "같은 장소"})
    s.refresh_from_db()
    dup.refresh_from_db()
    assert s.status == Suggestion.Status.IMPLEMENTED
    assert dup.status == Suggestion.Status.MERGED and dup.merged_into == s
    other = world.file(title="철회할 것")
    client.force_login(world.member)
    client.post(reverse("suggestions:withdraw", args=[other.pk]), {"reason": "해결됨"})
    other.refresh_from_db()
    assert other.status == Suggestion.Status.WITHDRAWN
    merged_page = client.get(reverse("suggestions:detail", args=[dup.pk])).content.decode()
    assert reverse("suggestions:detail", args=[s.pk]) in merged_page  # points to the survivor


def test_filing_from_an_announcement(client, world):
    from announcements.models import PolicyAnnouncementPage
    from demo.announcements import seed_pages

    seed_pages()  # a real, open policy announcement (not just any page): see test_announcement_filing
    page = PolicyAnnouncementPage.objects.live().public().filter(open_until__isnull=False).first()
    client.force_login(world.member)
    form = client.get(reverse("suggestions:create"), {"announcement": page.pk}).content.decode()
    assert f'value="{page.pk}"' in form
    client.post(
        reverse("suggestions:create") + f"?announcement={page.pk}",
        {
            "kind": "proposal",
            "title": "공지에 대한 제안",
            "body": "의견입니다",
            "field": world.fields["교통"].pk,
            "group": world.member.memberships.first().group_id,
            "visibility": "partners",
            "announcement": page.pk,
        },
    )
    assert Suggestion.objects.get(title="공지에 대한 제안").announcement_id == page.pk
