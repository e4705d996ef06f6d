"""Police accounts (issue 14): invitations, password reset for everyone, TOTP required for police
roles, and API tokens that the police get only with a TOTP code and that expire."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from core.models import AuditLog
from partners.models import OfficerMembership, PoliceInvitation
from partners.police_invitations import invite_police, token_for
from tests.world import police_device, totp_code

pytestmark = pytest.mark.django_db
POLICE_PAGES = ["/admin/", "/admin/inbox/", "/hq/", "/hq/themes/"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()  # the reset counters live in the (per-process) cache


def _form_login(client: Client, username: str, password: str | None = None) -> None:
    response = client.post("/accounts/login/", {"username": username, "password": password or settings.DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


# --- TOTP required ------------------------------------------------------------------------------


def test_police_without_a_device_are_sent_to_setup_and_police_pages_refuse(client, world):
    TOTPDevice.objects.filter(user=world.officer_traffic).delete()
    _form_login(client, "officer_traffic")
    for url in POLICE_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/partners/otp/setup/?next="), url
    assert client.get("/partners/otp/verify/")["Location"].startswith("/partners/otp/setup/")
    setup = client.get("/partners/otp/setup/")
    assert setup.status_code == 200 and "2단계 인증을 등록해야" in setup.content.decode()
    device = TOTPDevice.objects.get(user=world.officer_traffic, confirmed=False)
    done = client.post("/partners/otp/setup/", {"token": totp_code(device), "next": "/admin/inbox/"})
    assert done.status_code == 302 and done["Location"] == "/admin/inbox/"
    assert client.get("/admin/inbox/").status_code == 200


def test_enrolled_police_verify_before_any_police_page(client, world):
    device = police_device(world.hq)
    _form_login(client, "hq")
    for url in POLICE_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/partners/otp/verify/"), url
    assert client.get("/api/v1/search/themes").status_code == 302  # the session API waits too
    ok = client.post("/partners/otp/verify/", {"token": totp_code(device), "next": "/admin/inbox/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/inbox/"
    assert client.get("/admin/inbox/").status_code == 200


def test_partners_are_never_asked(client, world):
    _form_login(client, "partner_member")
    assert client.get("/").status_code == 200
    assert client.get("/partners/otp/setup/").status_code == 404


def test_requirement_can_be_switched_off(client, world, settings):
    settings.POLICE_TOTP_REQUIRED = False
    TOTPDevice.objects.filter(user=world.officer_traffic).delete()
    _form_login(client, "officer_traffic")
    assert client.get("/admin/inbox/").status_code == 200


# --- API tokens ---------------------------------------------------------------------------------


def _token(client, **data):
    return client.post("/api/v1/auth/token", data, content_type="application/json")


def test_partner_token_needs_no_code_and_does_not_expire(client, world):
    response = _token(client, username="partner_member", password=settings.DEMO_PASSWORD)
    assert response.status_code == 200 and response.json()["expires_at"] is None
    key = response.json()["token"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=400)):
        assert Client().get("/api/v1/suggestions/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_police_token_only_with_a_totp_code_and_it_expires(client, world):
    device = police_device(world.hq)
    without = _token(client, username="hq", password=settings.DEMO_PASSWORD)
    assert without.status_code == 401 and "2단계 인증 코드" in without.json()["detail"]
    wrong = _token(client, username="hq", password=settings.DEMO_PASSWORD, otp_token="000000")
    assert wrong.status_code == 401 and not Token.objects.filter(user=world.hq).exists()
    device.throttle_reset()
    issued = _token(client, username="hq", password=settings.DEMO_PASSWORD, otp_token=totp_code(device))
    assert issued.status_code == 200
    body = issued.json()
    assert dt.datetime.fromisoformat(body["expires_at"]) - timezone.now() <= dt.timedelta(hours=12)
    assert AuditLog.objects.filter(action="partners.api_token_issued", object_id=str(world.hq.pk)).exists()
    api = Client(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api.get("/api/v1/suggestions/").status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(hours=settings.API_TOKEN_POLICE_HOURS, minutes=1)):
        expired = api.get("/api/v1/suggestions/")
    assert expired.status_code == 401 and "만료" in expired.json()["detail"]


def test_a_police_token_made_without_totp_does_not_work(world):
    TOTPDevice.objects.filter(user=world.officer_traffic).delete()
    key = Token.objects.create(user=world.officer_traffic).key
    response = Client().get("/api/v1/suggestions/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401 and "2단계 인증" in response.json()["detail"]


def test_token_refuses_a_wrong_password(client, world):
    response = _token(client, username="partner_member", password="wrong-password")
    assert response.status_code == 401 and "올바르지 않습니다" in response.json()["detail"]


# --- Invitations --------------------------------------------------------------------------------


def test_admin_invites_a_head_who_sets_a_password_then_enrols_totp(client, world):
    client.force_login(world.admin)
    page = client.post(
        "/partners/police/invite/", {"email": "New.Head@police.example", "role": "head", "department": world.traffic.pk}
    )
    assert page.status_code == 302
    invitation = PoliceInvitation.objects.get(email="new.head@police.example")
    assert mail.outbox[-1].to == ["new.head@police.example"]
    link = _link(mail.outbox[-1])
    assert link == f"/partners/police/invitations/{token_for(invitation)}/"

    newcomer = Client()
    assert "교통과" in newcomer.get(link).content.decode()
    password = "새-부서장-비밀번호-2026"
    data = {"username": "new_head", "display_name": "새 부서장", "password1": password, "password2": password}
    accepted = newcomer.post(link, data)
    assert accepted.status_code == 302 and accepted["Location"] == "/partners/otp/setup/"
    membership = OfficerMembership.objects.get(user__username="new_head")
    assert (membership.department, membership.role) == (world.traffic, "head")
    assert newcomer.get("/admin/inbox/")["Location"].startswith("/partners/otp/setup/")
    # single use
    again = Client().get(link)
    assert again.status_code == 410 and "이미 사용된" in again.content.decode()
    assert AuditLog.objects.filter(action="partners.police_invitation_accepted").exists()


def test_hq_invitation_needs_no_department_and_links_expire(world):
    invitation = invite_police(world.admin, "analyst@police.example", "hq")
    assert invitation.department is None
    with time_machine.travel(timezone.now() + dt.timedelta(days=settings.POLICE_INVITATION_DAYS, hours=1)):
        response = Client().get(f"/partners/police/invitations/{token_for(invitation)}/")
    assert response.status_code == 410 and "만료" in response.content.decode()
    assert Client().get("/partners/police/invitations/forged/").status_code == 410


def test_only_administrators_invite_police(client, world):
    for user in (world.hq, world.head_traffic, world.representative):
        client.force_login(user)
        assert client.get("/partners/police/invite/").status_code == 404
        assert client.post("/partners/police/invite/", {"email": "x@police.example", "role": "hq"}).status_code == 404
    client.force_login(world.admin)
    missing = client.post("/partners/police/invite/", {"email": "x@police.example", "role": "officer"})
    assert missing.status_code == 200 and "활동 중인 부서" in missing.content.decode()
    assert not PoliceInvitation.objects.exists()


# --- Password reset -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["partner_member", "officer_traffic"])
def test_password_reset_for_every_kind_of_user(client, world, username):
    user = world.users[username]
    user.email = f"{username}@example.org"
    user.save(update_fields=["email"])
    sent = client.post("/accounts/password-reset/", {"email": user.email})
    assert sent.status_code == 302 and sent["Location"] == "/accounts/password-reset/sent/"
    message = mail.outbox[-1]
    assert message.subject == "[청] 비밀번호 재설정" and "비밀번호 재설정을 요청" in message.body
    link = _link(message)
    form = client.get(link, follow=True)
    assert "새 비밀번호 정하기" in form.content.decode()
    new = "바뀐-비밀번호-2026-abc"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/accounts/password-reset/complete/"
    user.refresh_from_db()
    assert user.check_password(new)
    reused = Client().get(link, follow=True)
    assert "이미 사용되었거나 만료" in reused.content.decode()


def test_password_reset_does_not_tell_who_exists_and_is_rate_limited(client, world):
    before = len(mail.outbox)
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and len(mail.outbox) == before
    for _ in range(4):
        assert client.post("/accounts/password-reset/", {"email": "nobody@example.org"}).status_code == 302
    limited = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert limited.status_code == 429 and "너무 많습니다" in limited.content.decode()
