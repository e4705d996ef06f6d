"""API tokens: partners keep one long-lived token; the police get one only with a TOTP code, and it
expires after `API_TOKEN_POLICE_HOURS` (a token of a police user who never enrolled TOTP never works).

Tokens are issued by `partners.token_views.issue_token` (POST /api/v1/auth/token).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from . import access


def police_token_lifetime() -> timedelta:
    return timedelta(hours=settings.API_TOKEN_POLICE_HOURS)


def is_police(user) -> bool:
    return access.needs_second_factor(access.principal_for(user))


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token auth, plus: a police user's token expires and needs an enrolled TOTP device."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_police(user):
            if token.created + police_token_lifetime() <= timezone.now():
                raise AuthenticationFailed(_("토큰이 만료되었습니다. 인증 코드와 함께 새 토큰을 발급받으세요."))
            if not user_has_device(user, confirmed=True):
                raise AuthenticationFailed(_("2단계 인증을 등록한 경찰 계정만 API 토큰을 쓸 수 있습니다."))
        return user, token
