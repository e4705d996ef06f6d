"""The SMS gateway's delivery-receipt callback: POST /api/v1/sms/receipts/.

The gateway signs the raw body with the shared secret settings.SMS_RECEIPT_SECRET:
`X-Cheong-Signature: sha256=<hex HMAC-SHA256(secret, body)>`; the body is
`{"message_id": "...", "status": "delivered" | "failed", "error": "..."}`. No secret configured
means every receipt is refused (nobody can mark messages delivered by guessing ids).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import notifications

SIGNATURE_HEADER = "X-Cheong-Signature"


def signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class ReceiptView(APIView):
    authentication_classes: list = []  # the signature is the authentication
    permission_classes: list = []
    throttle_classes: list = []
    schema = None  # for the gateway, not for API users

    def post(self, request: Request) -> Response:
        secret = settings.SMS_RECEIPT_SECRET
        body = request._request.body  # the raw bytes that were signed, read before request.data
        given = request.headers.get(SIGNATURE_HEADER, "")
        if not secret or not hmac.compare_digest(given, signature(body, secret)):
            raise exceptions.PermissionDenied(_("수신 확인 서명이 올바르지 않습니다."))
        data = request.data if isinstance(request.data, dict) else {}
        message_id, status = str(data.get("message_id") or ""), data.get("status")
        if not message_id or status not in ("delivered", "failed"):
            raise exceptions.ValidationError(_("message_id와 status(delivered 또는 failed)가 필요합니다."))
        if not notifications.record_receipt(
            message_id, delivered=status == "delivered", error=str(data.get("error") or "")
        ):
            raise Http404
        return Response({"message_id": message_id, "status": status})
