"""The agency's one-time link: a signed token carrying the referral and its current nonce.

`django.core.signing` makes the token unforgeable and dates it (it expires after
REFERRAL_LINK_MAX_AGE_DAYS); the nonce stored on the referral makes it single-use: every status
change replaces the nonce (the token in the older e-mail stops working) and closure empties it (no
token works). Anything wrong — bad signature, expired, used, closed, unknown — is the same `None`,
so the view answers all of them with the same 404."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import AgencyReferral

SALT = "cheong.referrals.agency-link"


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_for(referral: AgencyReferral) -> str:
    return signing.dumps({"r": referral.pk, "n": referral.link_nonce}, salt=SALT, compress=True)


def url_for(referral: AgencyReferral) -> str:
    return settings.SITE_URL + reverse("suggestions:referral_link", args=[token_for(referral)])


def referral_for(token: str, *, for_update: bool = False) -> AgencyReferral | None:
    """The open referral the token is (still) good for, else None."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.REFERRAL_LINK_MAX_AGE_DAYS * 86400)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not isinstance(data.get("n"), str):
        return None
    qs = AgencyReferral.objects.select_for_update() if for_update else AgencyReferral.objects.all()
    referral = qs.select_related("suggestion").filter(pk=data["r"]).first()
    if referral is None or not referral.link_nonce or referral.is_closed:
        return None
    if not secrets.compare_digest(referral.link_nonce, data["n"]):
        return None
    return referral
