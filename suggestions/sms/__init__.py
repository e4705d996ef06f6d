"""Pluggable SMS channel: settings.SMS_BACKEND names a class with `send_message(message) -> message id`.

`ConsoleSMSBackend` (default, development) writes the message to stdout; `LocmemSMSBackend` keeps
messages in `suggestions.sms.outbox` (same process only); `HttpSMSBackend` (suggestions.sms.http)
posts to a gateway's JSON API, whose delivery receipts come back through suggestions.sms.receipts.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list[SMSMessage] = []

SMS_MAX_BYTES = 90  # one SMS: 90 bytes of EUC-KR (45 Hangul syllables)
LMS_MAX_BYTES = 2000  # a long message (LMS): 2,000 bytes


@dataclass(frozen=True)
class SMSMessage:
    to: str
    body: str
    ref: str = ""  # our idempotency key, passed to gateways that de-duplicate on it


class SMSError(Exception):
    """A send that did not go out; `permanent` ones (bad number, refused key) are not retried."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def euc_kr_length(text: str) -> int:
    """Bytes the carrier counts: EUC-KR, with characters outside it counted as two."""
    total = 0
    for char in text:
        try:
            total += len(char.encode("euc-kr"))
        except UnicodeEncodeError:
            total += 2
    return total


def message_type(body: str) -> str:
    return "SMS" if euc_kr_length(body) <= SMS_MAX_BYTES else "LMS"


def fit_lms(body: str) -> str:
    """`body` cut to what one LMS carries."""
    while euc_kr_length(body) > LMS_MAX_BYTES:
        body = body[: max(len(body) - 10, 0)]
    return body


class BaseSMSBackend:
    def send_message(self, message: SMSMessage) -> str:
        """Send one message; return the gateway's message id or raise SMSError."""
        raise NotImplementedError

    def send_messages(self, messages: list[SMSMessage]) -> int:
        for m in messages:
            self.send_message(m)
        return len(messages)


class ConsoleSMSBackend(BaseSMSBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send_message(self, message: SMSMessage) -> str:
        self.stream.write(f"[SMS to {message.to}] {message.body}\n")
        self.stream.flush()
        return f"console-{uuid.uuid4().hex}"


class LocmemSMSBackend(BaseSMSBackend):
    def send_message(self, message: SMSMessage) -> str:
        outbox.append(message)
        return f"locmem-{len(outbox)}"


def get_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(to: str, body: str, ref: str = "") -> str:
    """Send one SMS/LMS through the configured backend; the gateway's message id."""
    return get_backend().send_message(SMSMessage(to=to, body=fit_lms(body), ref=ref))
