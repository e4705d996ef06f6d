"""Login lockout (django-axes) and the TOTP second factor for the police."""

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


@pytest.mark.django_db
def test_sixth_login_attempt_after_five_failures_is_locked(client, world):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "partner_member", "password": "wrong-password"})
        assert response.status_code == 200
        assert "올바르지 않습니다" in response.content.decode()
    client.post("/accounts/login/", {"username": "partner_member", "password": "wrong-password"})
    # the right password no longer helps: the account is locked
    locked = client.post("/accounts/login/", {"username": "partner_member", "password": settings.DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "로그인이 잠겼습니다" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # another account from the same address is not locked (username + IP)
    ok = client.post("/accounts/login/", {"username": "partner_rep", "password": settings.DEMO_PASSWORD})
    assert ok.status_code == 302


@pytest.mark.django_db
def test_officer_enrols_totp_then_must_verify_after_login(client, world):
    client.force_login(world.officer_traffic)
    page = client.get("/partners/otp/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=world.officer_traffic, confirmed=False)
    body = page.content.decode()
    assert "otpauth://totp/" in body and "<svg" in body
    wrong = client.post("/partners/otp/setup/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert "인증 코드가 올바르지 않습니다" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp throttles guessing
    device.throttle_reset()
    assert client.post("/partners/otp/setup/", {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    # a new login: police pages wait for the code
    client.logout()
    response = client.post("/accounts/login/", {"username": "officer_traffic", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302
    blocked = client.get("/announcements/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/partners/otp/verify/?next=")
    assert client.get("/partners/otp/verify/").status_code == 200
    bad = client.post("/partners/otp/verify/", {"token": "12345", "next": "/announcements/"})
    assert bad.status_code == 200
    good = client.post("/partners/otp/verify/", {"token": _code(device, offset=1), "next": "/announcements/"})
    assert good.status_code == 302 and good["Location"] == "/announcements/"
    assert client.get("/partners/otp/setup/").status_code == 200


@pytest.mark.django_db
def test_partners_without_second_factor_are_not_asked(client, world):
    client.force_login(world.member)
    assert client.get("/partners/otp/setup/").status_code == 404
    # a police login completed with TOTP (tests.conftest: force_login verifies) is not asked again
    client.force_login(world.hq)
    assert client.get("/partners/otp/verify/").status_code == 302


@pytest.mark.django_db
def test_second_factor_decorator_and_mixin(rf, world):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse
    from django.views import View

    from partners.otp import SecondFactorRequiredMixin, second_factor_required

    user = world.head_traffic
    TOTPDevice.objects.create(user=user, name="t", confirmed=True)

    class Police(SecondFactorRequiredMixin, View):
        def get(self, request):
            return HttpResponse("ok")

    request = rf.get("/police/")
    request.session = SessionStore()
    user.is_verified = lambda: False
    request.user = user
    assert second_factor_required(lambda r: HttpResponse("ok"))(request).status_code == 302
    assert Police.as_view()(request).status_code == 302
    user.is_verified = lambda: True
    assert Police.as_view()(request).status_code == 200
