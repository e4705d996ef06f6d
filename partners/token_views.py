"""`POST /api/v1/auth/token` {username, password, otp_token} answers {token, expires_at}: partners get
their long-lived token; the police a fresh one (expiring) and only with a TOTP code. Passwords go
through `authenticate()`, so django-axes locks it out like the login form."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import match_token, user_has_device
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from core.audit import record

from .api_tokens import ExpiringTokenAuthentication, is_police, police_token_lifetime


class TokenRequestThrottle(AnonRateThrottle):
    rate = "20/minute"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp_token = serializers.CharField(max_length=12, required=False, allow_blank=True)


@extend_schema(
    request=TokenRequestSerializer,
    responses=inline_serializer(
        "TokenResponse", {"token": serializers.CharField(), "expires_at": serializers.DateTimeField(allow_null=True)}
    ),
)
@api_view(["POST"])
@authentication_classes([ExpiringTokenAuthentication])  # its header turns refusals into 401
@permission_classes([])
@throttle_classes([TokenRequestThrottle])
def issue_token(request):
    """A token for the API: partners get their token; the police a fresh one, with a TOTP code."""
    form = TokenRequestSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    data = form.validated_data
    user = authenticate(request._request, username=data["username"], password=data["password"])
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("아이디 또는 비밀번호가 올바르지 않습니다."))
    if not is_police(user):
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "expires_at": None})
    code = data.get("otp_token", "").strip()
    if not user_has_device(user, confirmed=True):
        raise AuthenticationFailed(_("먼저 웹에서 2단계 인증을 등록하세요."))
    device = match_token(user, code) if code.isdigit() else None
    if device is None:
        raise AuthenticationFailed(_("경찰 계정은 올바른 2단계 인증 코드(otp_token)가 필요합니다."))
    with transaction.atomic():
        Token.objects.filter(user=user).delete()  # one live token per user, its clock starts now
        token = Token.objects.create(user=user)
        record(user, "partners.api_token_issued", token.user, device=device.persistent_id)
    return Response({"token": token.key, "expires_at": token.created + police_token_lifetime()})
