"""A real SMTP server on loopback (aiosmtpd) that refuses, then accepts, and `run_deliveries`:
for the delivery tests.

`refuse_first` RCPTs get a temporary 451; addresses in `unknown` a permanent 550; everything else
is accepted and kept in `messages`. `port` can be reserved before the server listens, so a test
can see "connection refused" first and start the server later on the same port.
"""

from __future__ import annotations

import datetime as dt
import email
import socket
import threading
from collections import Counter
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FlakySMTP:
    def __init__(self, port: int | None = None, refuse_first: int = 0, unknown: tuple[str, ...] = ()):
        self.port = port or free_port()
        self.refuse_left = refuse_first
        self.unknown = set(unknown)
        self.refused = 0
        self.messages: list[Message] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            if address in self.unknown:
                return "550 5.1.1 No such user here"
            if self.refuse_left > 0:
                self.refuse_left -= 1
                self.refused += 1
                return "451 4.3.0 Temporary failure, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def start(self) -> FlakySMTP:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def count_by_message_id(self) -> Counter[str]:
        with self._lock:
            return Counter(str(m["Message-ID"]) for m in self.messages)

    def django_settings(self) -> dict[str, object]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }


def run_deliveries(now: dt.datetime) -> int:
    """Beat and the worker in this process (non-transactional tests, where on_commit never publishes):
    queue the rows whose retry is due, then run each queued `deliver_notification` once, at `now`.
    Returns how many went out."""
    from core.models import OutboxMessage
    from suggestions import notifications

    notifications.queue_due(now)
    queued = OutboxMessage.objects.filter(task_name=notifications.DELIVER_TASK, published_at__isnull=True)
    sent = 0
    for message in list(queued.order_by("id")):
        OutboxMessage.objects.filter(pk=message.pk).update(published_at=now)
        note_id, attempts = message.args
        sent += notifications.send_one(note_id, attempts, now=now)
    return sent
