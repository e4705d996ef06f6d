"""Demo TOTP devices: police accounts must verify a TOTP code (issue 14), so `make run` enrols one
confirmed device per demo police account with one documented demo secret (settings.DEMO_TOTP_KEY).
Add it to an authenticator app, or print the current code with `manage.py demo_totp`. Demo only:
seed_demo never runs in production, and a real account enrols its own secret on first login."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners import access

DEVICE_NAME = "demo"
DEMO_EMAIL_DOMAIN = "@demo.cheong.example"  # demo.partners._user


def demo_secret_base32() -> str:
    """The demo key as authenticator apps take it (base32)."""
    return base64.b32encode(bytes.fromhex(settings.DEMO_TOTP_KEY)).decode()


def seed_devices() -> list[str]:
    """One confirmed demo device for every police demo account (the demo's own e-mail domain; idempotent)."""
    enrolled = []
    for user in get_user_model().objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).order_by("username"):
        if not access.needs_second_factor(access.principal_for(user)):
            continue
        TOTPDevice.objects.update_or_create(
            user=user, name=DEVICE_NAME, defaults={"key": settings.DEMO_TOTP_KEY, "confirmed": True}
        )
        enrolled.append(user.get_username())
    return enrolled


def current_code() -> str:
    """The code the demo devices accept now."""
    device = TOTPDevice(key=settings.DEMO_TOTP_KEY)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
