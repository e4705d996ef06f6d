"""Pluggable SMS channel: settings.SMS_BACKEND names a class with `send_messages(messages)`.

`ConsoleSMSBackend` (default) writes the message to the log/stdout; `LocmemSMSBackend` keeps
messages in `suggestions.sms.outbox` (same process only). A real gateway is one more class.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

outbox: list[SMSMessage] = []


@dataclass(frozen=True)
class SMSMessage:
    to: str
    body: str


class BaseSMSBackend:
    def send_messages(self, messages: list[SMSMessage]) -> int:
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send_messages(self, messages: list[SMSMessage]) -> int:
        for m in messages:
            self.stream.write(f"[SMS to {m.to}] {m.body}\n")
        self.stream.flush()
        return len(messages)


class LocmemSMSBackend(BaseSMSBackend):
    def send_messages(self, messages: list[SMSMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def get_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(to: str, body: str) -> int:
    return get_backend().send_messages([SMSMessage(to=to, body=body[:1000])])
