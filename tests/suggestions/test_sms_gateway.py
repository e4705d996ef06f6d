"""HttpSMSBackend against a real HTTP gateway on loopback (http.server in a thread): the JSON
request, SMS vs LMS by EUC-KR bytes, the message id, retry on 5xx, give up on 4xx, and the signed
delivery-receipt callback that marks the Notification delivered or failed."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from partners.models import Profile
from suggestions import notifications, sms
from suggestions.models import Notification
from suggestions.sms.http import HttpSMSBackend
from suggestions.sms.receipts import SIGNATURE_HEADER, signature
from tests.suggestions.smtp_server import run_deliveries

SECRET = "receipt-secret-for-tests"


class Gateway:
    """A fake-free gateway: a real HTTP server that answers like one (503 first, 400 on a bad number)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_first = 0
        self.bad_numbers: set[str] = set()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.requests.append({"auth": self.headers.get("Authorization"), **body})
                if gateway.fail_first > 0:
                    gateway.fail_first -= 1
                    self._answer(503, {"error": "busy"})
                elif body["to"] in gateway.bad_numbers:
                    self._answer(400, {"error": "invalid recipient"})
                else:
                    self._answer(200, {"message_id": f"gw-{len(gateway.requests)}"})

            def _answer(self, code: int, data: dict) -> None:
                raw = json.dumps(data).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    gw = Gateway()
    settings.SMS_BACKEND = "suggestions.sms.http.HttpSMSBackend"
    settings.SMS_API_URL = gw.url
    settings.SMS_API_KEY = "key-123"
    settings.SMS_SENDER = "02-700-0112"
    settings.SMS_RECEIPT_SECRET = SECRET
    yield gw
    gw.stop()


def test_sms_or_lms_by_euc_kr_bytes():
    assert sms.euc_kr_length("가" * 45) == 90 and sms.message_type("가" * 45) == "SMS"
    assert sms.message_type("가" * 46) == "LMS"
    assert sms.message_type("a" * 90) == "SMS" and sms.message_type("a" * 91) == "LMS"
    assert sms.euc_kr_length("😀") == 2  # outside EUC-KR: counted as two bytes
    assert sms.euc_kr_length(sms.fit_lms("가" * 5000)) <= sms.LMS_MAX_BYTES


def test_backend_posts_json_and_returns_the_message_id(gateway):
    backend = HttpSMSBackend()
    short_id = backend.send_message(sms.SMSMessage("010-1234-5678", "[청] 접수되었습니다.", ref="k1"))
    long_id = backend.send_message(sms.SMSMessage("010-1234-5678", "가" * 60))
    assert short_id == "gw-1" and long_id == "gw-2"
    first, second = gateway.requests
    assert first == {
        "auth": "Bearer key-123",
        "type": "SMS",
        "from": "027000112",
        "to": "01012345678",
        "text": "[청] 접수되었습니다.",
        "ref": "k1",
    }
    assert second["type"] == "LMS" and second["subject"]
    gateway.bad_numbers.add("01000000000")
    with pytest.raises(sms.SMSError) as refused:
        backend.send_message(sms.SMSMessage("010-0000-0000", "x"))
    assert refused.value.permanent and "400" in str(refused.value)
    gateway.fail_first = 1
    with pytest.raises(sms.SMSError) as busy:
        backend.send_message(sms.SMSMessage("010-1234-5678", "x"))
    assert not busy.value.permanent


def test_unreachable_gateway_is_a_temporary_error(settings):
    backend = HttpSMSBackend(url="http://127.0.0.1:9/none", api_key="k", sender="0212345678", timeout=2)
    with pytest.raises(sms.SMSError) as down:
        backend.send_message(sms.SMSMessage("010-1234-5678", "x"))
    assert not down.value.permanent


def _sms_rows(world, phone="010-7777-0002"):
    Profile.objects.exclude(user=world.member).update(notify_sms=False)  # the gateway sees only the proposer
    Profile.objects.filter(user=world.member).update(notify_sms=True, phone=phone, notify_email=False)
    s = world.file()
    for event in s.events.all():
        notifications.deliver_event(event.pk)
    return Notification.objects.filter(user=world.member, channel="sms", suggestion=s)


def _post_receipt(client, payload: dict, secret: str = SECRET):
    body = json.dumps(payload).encode()
    return client.post(
        "/api/v1/sms/receipts/",
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature(body, secret)},
    )


@pytest.mark.django_db
def test_notification_retried_sent_then_receipt_marks_delivered(world, gateway, client):
    rows = _sms_rows(world)
    assert rows.count() == 2  # received, assigned
    gateway.fail_first = rows.count()
    now = timezone.now()
    run_deliveries(now)  # (the department's e-mails go out meanwhile)
    assert set(rows.values_list("status", "attempts")) == {("pending", 1)}
    run_deliveries(now + dt.timedelta(seconds=1))  # not due yet
    assert set(rows.values_list("status", "attempts")) == {("pending", 1)}
    run_deliveries(now + notifications.backoff(1))
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    ids = sorted(rows.values_list("external_id", flat=True))
    assert all(i.startswith("gw-") for i in ids)
    assert len(gateway.requests) == 2 * rows.count()  # two tries each, no more
    assert {r["ref"] for r in gateway.requests} == set(rows.values_list("key", flat=True))

    # Receipts: a wrong signature or none is refused; an unknown id is 404; a good one is applied.
    assert _post_receipt(client, {"message_id": ids[0], "status": "delivered"}, secret="wrong").status_code == 403
    assert (
        client.post("/api/v1/sms/receipts/", {"message_id": ids[0]}, content_type="application/json").status_code == 403
    )
    assert _post_receipt(client, {"message_id": "gw-999", "status": "delivered"}).status_code == 404
    assert _post_receipt(client, {"message_id": ids[0], "status": "maybe"}).status_code == 400
    assert _post_receipt(client, {"message_id": ids[0], "status": "delivered"}).status_code == 200
    assert (
        _post_receipt(client, {"message_id": ids[1], "status": "failed", "error": "단말기 전원 꺼짐"}).status_code
        == 200
    )
    delivered, failed = rows.get(external_id=ids[0]), rows.get(external_id=ids[1])
    assert delivered.status == "delivered" and delivered.delivered_at is not None
    assert failed.status == "failed" and "단말기 전원 꺼짐" in failed.last_error
    client.force_login(world.admin)
    assert "단말기 전원 꺼짐" in client.get("/admin/deliveries/").content.decode()


@pytest.mark.django_db
def test_no_secret_configured_refuses_every_receipt(world, gateway, client, settings):
    settings.SMS_RECEIPT_SECRET = ""
    assert _post_receipt(client, {"message_id": "gw-1", "status": "delivered"}, secret="").status_code == 403


@pytest.mark.django_db
def test_refused_number_fails_at_once_and_others_still_go(world, gateway):
    gateway.bad_numbers.add("01000000000")
    rows = _sms_rows(world, phone="010-0000-0000")
    Profile.objects.filter(user=world.officer_traffic).update(notify_sms=True, phone="010-3333-4444")
    s = rows.first().suggestion
    notifications.deliver(world.officer_traffic, kind="reminder", message="기한 D-3", key="t:1", suggestion=s)
    run_deliveries(timezone.now())
    assert set(rows.values_list("status", "attempts")) == {("failed", 1)}
    assert "400" in rows.first().last_error
    officer = Notification.objects.get(user=world.officer_traffic, channel="sms", key__startswith="t:1")
    assert officer.status == "sent" and officer.external_id.startswith("gw-")
