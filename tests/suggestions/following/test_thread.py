"""The private proposer–department thread (issue 11 §4): who reads and writes it, who is told, masking,
and bad input (a clear Korean error, nothing saved)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from suggestions import services
from suggestions.following import services as following
from suggestions.following.models import ThreadMessage
from suggestions.workflow import WorkflowError

from .helpers import in_app

pytestmark = pytest.mark.django_db

PHONE = "010-2345-6789"


def test_the_proposer_writes_the_department_replies_and_each_side_is_told(world):
    s = world.file()
    first = following.post_message(world.member, s, f"가로등 위치 사진을 더 드릴까요? 제 번호는 {PHONE}입니다.")
    assert not first.from_police and first.department_id == world.traffic.pk
    told = in_app(world.officer_traffic, "thread_message")
    assert len(told) == 1 and PHONE not in told[0] and "***-****-****" in told[0]
    assert in_app(world.head_traffic, "thread_message")  # the whole department
    assert in_app(world.officer_safety, "thread_message") == []
    reply = following.post_message(world.officer_traffic, s, "네, 사진을 올려 주세요.")
    assert reply.from_police
    told = in_app(world.member, "thread_message")
    assert len(told) == 1 and "담당 부서의 답글" in told[0]


def test_thread_pages_and_api_are_404_for_everyone_else(client, world):
    s = world.file()
    following.post_message(world.member, s, "비공개로 여쭙니다.")
    api = f"/api/v1/suggestions/{s.pk}/messages/"
    for outsider in (world.member_other, world.representative, world.officer_safety):
        client.force_login(outsider)
        page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
        assert "비공개로 여쭙니다" not in page and 'id="thread"' not in page
        assert client.get(api).status_code == 404
        assert client.post(api, {"body": "끼어들기"}).status_code == 404
        assert client.post(reverse("suggestions:thread_post", args=[s.pk]), {"body": "끼어들기"}).status_code == 302
    client.logout()
    assert client.get(api).status_code in (401, 403)
    assert ThreadMessage.objects.filter(suggestion=s).count() == 1


def test_hq_reads_but_does_not_write(client, world):
    s = world.file()
    following.post_message(world.member, s, "본청도 보나요?")
    client.force_login(world.hq)
    api = f"/api/v1/suggestions/{s.pk}/messages/"
    listed = client.get(api)
    assert listed.status_code == 200 and [m["body"] for m in listed.json()] == ["본청도 보나요?"]
    assert client.post(api, {"body": "본청입니다"}, content_type="application/json").status_code == 403
    with pytest.raises(PermissionDenied):
        following.post_message(world.hq, s, "본청입니다")


def test_masked_for_partners_original_for_the_department(client, world):
    s = world.file()
    following.post_message(world.member, s, f"연락처 {PHONE}")
    api = f"/api/v1/suggestions/{s.pk}/messages/"
    client.force_login(world.member)
    assert client.get(api).json()[0]["body"] == "연락처 ***-****-****"
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "연락처 ***-****-****" in page and PHONE not in page
    client.force_login(world.officer_traffic)
    assert client.get(api).json()[0]["body"] == f"연락처 {PHONE}"
    admin_page = client.get(reverse("suggestions_inbox:detail", args=[s.pk])).content.decode()
    assert f"연락처 {PHONE}" in admin_page and 'id="thread-form"' in admin_page


def test_bad_input_is_a_korean_error_and_nothing_is_saved(client, world):
    s = world.file()
    with pytest.raises(ValidationError) as empty:
        following.post_message(world.member, s, "   <p> </p> ")
    assert empty.value.message_dict["body"] == ["내용을 입력해 주세요."]
    with pytest.raises(ValidationError):
        following.post_message(world.member, s, "가" * 2001)
    client.force_login(world.member)
    api = f"/api/v1/suggestions/{s.pk}/messages/"
    response = client.post(api, {"body": ""}, content_type="application/json")
    assert response.status_code == 400 and response.json() == {"body": ["내용을 입력해 주세요."]}
    response = client.post(api, {"body": "가" * 2001}, content_type="application/json")
    assert response.status_code == 400 and "2000자" in response.json()["body"][0]
    page = client.post(reverse("suggestions:thread_post", args=[s.pk]), {"body": ""}, follow=True)
    assert "내용을 입력해 주세요." in page.content.decode()
    assert not ThreadMessage.objects.exists()


def test_post_through_the_page_and_the_wagtail_reply(client, world):
    s = world.file()
    client.force_login(world.member)
    response = client.post(reverse("suggestions:thread_post", args=[s.pk]), {"body": "현장 사진을 보낼게요"})
    assert response.status_code == 302 and response["Location"].endswith("#thread")
    client.force_login(world.officer_traffic)
    response = client.post(reverse("suggestions_thread:post", args=[s.pk]), {"body": "받았습니다. 감사합니다."})
    assert response.status_code == 302
    assert response["Location"] == reverse("suggestions_inbox:detail", args=[s.pk]) + "#thread"
    bodies = list(ThreadMessage.objects.filter(suggestion=s).values_list("from_police", "body"))
    assert bodies == [(False, "현장 사진을 보낼게요"), (True, "받았습니다. 감사합니다.")]
    client.force_login(world.member)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "받았습니다. 감사합니다." in page and world.traffic.name in page
    # Another department's officer cannot reply through the admin either (same 404 as missing).
    client.force_login(world.officer_safety)
    response = client.post(reverse("suggestions_thread:post", args=[s.pk]), {"body": "다른 부서"})
    assert response.status_code in (302, 404)
    assert ThreadMessage.objects.filter(suggestion=s).count() == 2


def test_no_thread_on_withdrawn_or_unrouted(world):
    s = world.file()
    services.withdraw(world.member, s, "취소")
    with pytest.raises(WorkflowError) as refused:
        following.post_message(world.member, s, "철회 후")
    assert "철회" in str(refused.value)
