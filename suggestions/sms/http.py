"""`HttpSMSBackend`: a Korean SMS gateway's HTTP JSON API (the shape most share).

POST settings.SMS_API_URL with `Authorization: Bearer <SMS_API_KEY>` and
`{"type": "SMS"|"LMS", "from": <SMS_SENDER>, "to": ..., "text": ..., "subject": ..., "ref": ...}`;
the gateway answers `{"message_id": "..."}` and later posts a delivery receipt to
/api/v1/sms/receipts/ (suggestions.sms.receipts). The sender must be a 발신번호 registered with
the carrier beforehand, or the gateway refuses every message.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import BaseSMSBackend, SMSError, SMSMessage, message_type


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


class HttpSMSBackend(BaseSMSBackend):
    def __init__(
        self,
        url: str | None = None,
        api_key: str | None = None,
        sender: str | None = None,
        timeout: float | None = None,
    ):
        self.url = url or settings.SMS_API_URL
        self.api_key = api_key or settings.SMS_API_KEY
        self.sender = digits(sender or settings.SMS_SENDER)
        self.timeout = timeout or settings.SMS_TIMEOUT
        if not (self.url and self.api_key and self.sender):
            raise ImproperlyConfigured("HttpSMSBackend needs SMS_API_URL, SMS_API_KEY and SMS_SENDER.")

    def payload(self, message: SMSMessage) -> dict[str, str]:
        kind = message_type(message.body)
        data = {"type": kind, "from": self.sender, "to": digits(message.to), "text": message.body, "ref": message.ref}
        if kind == "LMS":
            data["subject"] = message.body.splitlines()[0][:20] if message.body else ""
        return data

    def send_message(self, message: SMSMessage) -> str:
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            self.url,
            data=json.dumps(self.payload(message)).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode(errors="replace")
            # 4xx but 408/429: the request itself is wrong (number, key, sender) and would fail again.
            permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
            raise SMSError(f"gateway HTTP {exc.code}: {detail}", permanent=permanent) from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SMSError(f"gateway unreachable or unreadable: {exc}") from exc
        message_id = answer.get("message_id") if isinstance(answer, dict) else None
        if not message_id:
            raise SMSError(f"gateway answered without a message_id: {str(answer)[:200]}")
        return str(message_id)
