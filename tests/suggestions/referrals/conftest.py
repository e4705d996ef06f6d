"""Fixtures of the POST-CSO tests: the agency directory, the CPTED checklist, a real SMTP server on
loopback, and `send_agency_mails` (what the worker does with the queued agency e-mails)."""

from __future__ import annotations

import re

import pytest

from core.models import OutboxMessage
from demo.referrals import ensure_agencies, ensure_checklist
from suggestions.referrals import mail
from suggestions.referrals.models import Agency
from tests.suggestions.smtp_server import FlakySMTP

LINK = re.compile(r"https?://\S+/referrals/link/([^/\s]+)/")


@pytest.fixture
def checklist(db):
    return ensure_checklist()


@pytest.fixture
def agency(db) -> Agency:
    ensure_agencies()
    return Agency.objects.get(name="서대문구청 도시디자인과")


@pytest.fixture
def smtp(settings):
    server = FlakySMTP().start()
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    yield server
    server.stop()


def send_agency_mails() -> int:
    """The worker's part in a non-transactional test: run every queued agency e-mail task once."""
    sent = 0
    for message in OutboxMessage.objects.filter(task_name=mail.SEND_TASK, published_at__isnull=True).order_by("id"):
        OutboxMessage.objects.filter(pk=message.pk).update(published_at=message.created_at)
        sent += mail.send(*message.args)
    return sent


def body_of(message) -> str:
    part = (
        message.get_payload(decode=True)
        if not message.is_multipart()
        else message.get_payload(0).get_payload(decode=True)
    )
    return part.decode(message.get_content_charset() or "utf-8")


def token_in(message) -> str:
    found = LINK.search(body_of(message))
    assert found, body_of(message)
    return found.group(1)
