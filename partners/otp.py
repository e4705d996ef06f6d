"""TOTP second factor for the police (officers, heads, HQ, administrators).

The police must enrol a device (`POLICE_TOTP_REQUIRED`, on by default) and verify a code after each
login before any page other than setup/verify/logout: `SecondFactorMiddleware` enforces it site-wide
and `second_factor_required` / `SecondFactorRequiredMixin` do the same for a single view. A police
user who never enrolled is sent to setup, one who did to verify.
"""

from __future__ import annotations

from base64 import b32encode
from functools import cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access


@cache
def exempt_prefixes() -> tuple[str, ...]:
    """Paths a user waiting for the second factor may still open (resolved once the URLconf is loaded)."""
    names = ("partners:otp_verify", "partners:otp_setup", "logout", "login", "healthz", "password_reset")
    return (*(reverse(n) for n in names), settings.STATIC_URL, settings.MEDIA_URL, "/i18n/")


def second_factor_pending(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not access.needs_second_factor(access.principal_for(user)):
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return getattr(settings, "POLICE_TOTP_REQUIRED", True) or user_has_device(user, confirmed=True)


def needs_enrolment(request) -> bool:
    """A police user who must verify but has no confirmed device yet: setup comes first."""
    return second_factor_pending(request) and not user_has_device(request.user, confirmed=True)


def verify_redirect(request):
    name = "partners:otp_setup" if needs_enrolment(request) else "partners:otp_verify"
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def second_factor_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if second_factor_pending(request):
            return verify_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


class SecondFactorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if second_factor_pending(request):
            return verify_redirect(request)
        return super().dispatch(request, *args, **kwargs)


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: enrolled police users verify before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(exempt_prefixes()) and second_factor_pending(request):
            return verify_redirect(request)
        return self.get_response(request)


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device being enrolled (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="청 Cheong", confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")
