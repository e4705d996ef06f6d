"""The agency's signed one-time link, end to end through the real SMTP server on loopback: it works
once per status change (the next link comes by e-mail), not after closure, not after it expires,
and every bad token is the same 404 as a missing page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from suggestions import notifications
from suggestions.models import Notification, TimelineEvent
from suggestions.referrals import links, services
from suggestions.referrals.models import AgencyReferral

from .conftest import body_of, send_agency_mails, token_in

pytestmark = pytest.mark.django_db
R = AgencyReferral.Status


def link(token: str) -> str:
    return reverse("suggestions:referral_link", args=[token])


def missing_page(client) -> bytes:
    response = client.get("/no-such-page-at-all/")
    assert response.status_code == 404
    return response.content


def assert_like_missing(client, token: str) -> None:
    for response in (client.get(link(token)), client.post(link(token), {"status": R.DONE})):
        assert response.status_code == 404
        assert response.content == missing_page(client)


def refer(world, agency, **kw):
    s = world.file(body="<p>골목 보안등이 꺼져 있습니다. 제 번호는 010-1234-5678입니다.</p>", **kw)
    return s, services.refer(world.officer_traffic, s, agency=agency, note="보안등 점검 요청")


def test_the_link_works_once_per_status_change_and_never_after_closure(client, world, agency, smtp):
    s, referral = refer(world, agency)
    assert send_agency_mails() == 1
    first = smtp.messages[-1]
    assert first["To"] == agency.email
    text = body_of(first)
    assert "010-1234-5678" not in text and world.member.username not in text  # masked, no reporter
    token = token_in(first)

    page = client.get(link(token))
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    html = page.content.decode()
    assert s.title in html and "010-1234-5678" not in html and world.member.username not in html

    done = client.post(link(token), {"status": R.RECEIVED, "note": "담당자 배정"})
    assert done.status_code == 200 and "접수" in done.content.decode()
    referral.refresh_from_db()
    assert referral.status == R.RECEIVED and referral.reply == "담당자 배정"
    assert_like_missing(client, token)  # used: the old e-mail's link is dead

    assert send_agency_mails() == 1  # the next step's link
    second = token_in(smtp.messages[-1])
    assert second != token
    client.post(link(second), {"status": R.IN_PROGRESS, "note": "보안등 교체 발주"})
    send_agency_mails()
    third = token_in(smtp.messages[-1])
    assert client.post(link(third), {"status": R.DONE, "note": "12월 3일 교체 완료"}).status_code == 200
    referral.refresh_from_db()
    assert referral.status == R.DONE and referral.closed_at is not None and referral.link_nonce == ""
    assert send_agency_mails() == 0  # closed: no further link
    for used in (token, second, third):
        assert_like_missing(client, used)
    with pytest.raises(ValidationError):
        services.record_outcome(world.officer_traffic, referral, status=R.IN_PROGRESS)

    # Every outcome is on the timeline and told to the reporter.
    events = s.events.filter(kind=TimelineEvent.Kind.REFERRAL_REPLY).order_by("pk")
    assert [e.data["referral_status"] for e in events] == [R.RECEIVED, R.IN_PROGRESS, R.DONE]
    assert all(e.actor is None and e.data["via"] == "agency_link" for e in events)
    for e in events:
        notifications.deliver_event(e.pk)
    notes = Notification.objects.filter(user=world.member, kind=TimelineEvent.Kind.REFERRAL_REPLY)
    assert notes.filter(channel=Notification.Channel.IN_APP).count() == 3
    client.force_login(world.member)
    detail = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "조치 완료" in detail and "12월 3일 교체 완료" in detail


def test_replaying_a_link_after_the_officer_closed_it_changes_nothing(client, world, agency):
    _s, referral = refer(world, agency)
    token = links.token_for(referral)
    services.record_outcome(world.officer_traffic, referral, status=R.IMPOSSIBLE, reason="사유지")
    assert_like_missing(client, token)
    referral.refresh_from_db()
    assert referral.status == R.IMPOSSIBLE and referral.reason == "사유지"


def test_an_expired_link_is_a_missing_page(client, world, agency, settings):
    _s, referral = refer(world, agency)
    token = links.token_for(referral)
    assert client.get(link(token)).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=settings.REFERRAL_LINK_MAX_AGE_DAYS, hours=1)):
        assert_like_missing(client, token)
    referral.refresh_from_db()
    assert referral.status == R.SENT


def test_wrong_tampered_and_foreign_tokens_are_a_missing_page(client, world, agency):
    _s, referral = refer(world, agency)
    token = links.token_for(referral)
    assert_like_missing(client, "nonsense")
    assert_like_missing(client, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    guessed = AgencyReferral(pk=referral.pk, link_nonce="0" * 32)  # a signed token with the wrong nonce
    assert_like_missing(client, links.token_for(guessed))
    missing = AgencyReferral(pk=referral.pk + 1000, link_nonce=referral.link_nonce)
    assert_like_missing(client, links.token_for(missing))


def test_bad_input_is_a_korean_error_and_keeps_the_link(client, world, agency):
    _s, referral = refer(world, agency)
    token = links.token_for(referral)
    response = client.post(link(token), {"status": R.IMPOSSIBLE, "reason": "  "})
    assert response.status_code == 200 and "조치 불가 사유를 입력해 주세요." in response.content.decode()
    response = client.post(link(token), {"status": "bogus"})
    assert response.status_code == 200 and "올바르게 선택해 주세요" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == R.SENT and referral.link_nonce
    assert client.post(link(token), {"status": R.IMPOSSIBLE, "reason": "사유지 주차장"}).status_code == 200
    referral.refresh_from_db()
    assert referral.status == R.IMPOSSIBLE and referral.reason == "사유지 주차장"
