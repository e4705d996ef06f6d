"""청렴 콜 over HTTP: the Wagtail queue (filters), the case page and its forms (bad input re-renders
with the Korean error and saves nothing), the department's relay page, and the API — 404 alike for
missing and forbidden, 400 with the Korean message, 409 on a closed case; the OpenAPI schema."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from suggestions.callbacks.models import CallbackCase, CallLog, Relay

from .helpers import PHONE, low_rated_case

C = CallbackCase


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_queue_filters_and_case_page_show_masked_texts(world, client):
    case = low_rated_case(world)
    other = low_rated_case(world)
    CallbackCase.objects.filter(pk=other.pk).update(source=C.Source.OVERDUE)
    client.force_login(world.auditor)
    page = client.get("/admin/callbacks/").content.decode()
    assert f'data-case="{case.pk}"' in page and f'data-case="{other.pk}"' in page
    only_low = client.get("/admin/callbacks/", {"source": "low_rating"}).content.decode()
    assert f'data-case="{case.pk}"' in only_low and f'data-case="{other.pk}"' not in only_low
    unassigned = client.get("/admin/callbacks/", {"assignee": "none", "age": "7"}).content.decode()
    assert f'data-case="{case.pk}"' not in unassigned  # opened just now: not 7 days old
    detail = client.get(f"/admin/callbacks/{case.pk}/").content.decode()
    assert "답변이 부실합니다" in detail and PHONE not in detail
    assert client.get("/admin/callbacks/999999/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer_traffic", "head_traffic", "partner_member"])
def test_others_get_404_for_the_queue_and_a_case(world, client, who):
    case = low_rated_case(world)
    client.force_login(world.users[who])
    for path in ("/admin/callbacks/", f"/admin/callbacks/{case.pk}/"):
        status = client.get(path).status_code
        assert status in (404, 302), (path, status)  # partners are sent to log in to the admin
    response = _api(world.users[who]).get(f"/api/v1/callbacks/{case.pk}/")
    assert response.status_code == 404
    assert response.content == _api(world.users[who]).get("/api/v1/callbacks/999999/").content


@pytest.mark.django_db
def test_case_forms_save_or_refuse_with_a_korean_error(world, client):
    case = low_rated_case(world)
    client.force_login(world.auditor)
    bad = client.post(f"/admin/callbacks/{case.pk}/call/", {"call-reached": "yes", "call-note": ""})
    assert bad.status_code == 400 and "연결된 통화는 통화 내용을 적어 주세요" in bad.content.decode()
    missing = client.post(f"/admin/callbacks/{case.pk}/call/", {"call-note": "메모만"})
    assert missing.status_code == 400 and "통화 연결 여부를 골라 주세요" in missing.content.decode()
    assert "메모만" in missing.content.decode()  # the typed text is kept
    assert not CallLog.objects.filter(case=case).exists()
    ok = client.post(f"/admin/callbacks/{case.pk}/call/", {"call-reached": "no"})
    assert ok.status_code == 302 and CallLog.objects.filter(case=case, reached=False).count() == 1
    no_reason = client.post(f"/admin/callbacks/{case.pk}/close/", {"close-outcome": "re_review", "close-note": ""})
    assert no_reason.status_code == 400 and "재검토를 지시하는 사유" in no_reason.content.decode()
    case.refresh_from_db()
    assert case.state == C.State.OPEN
    client.post(f"/admin/callbacks/{case.pk}/relay/", {"relay-request": "현장 재확인 부탁드립니다"})
    assert Relay.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_the_department_answers_its_relays_on_its_page(world, client):
    case = low_rated_case(world)
    client.force_login(world.auditor)
    client.post(f"/admin/callbacks/{case.pk}/relay/", {"relay-request": "답변 근거를 알려 주세요"})
    relay = Relay.objects.get(case=case)
    client.force_login(world.officer_safety)
    assert f'data-relay="{relay.pk}"' not in client.get("/admin/callbacks/relays/").content.decode()
    assert client.post(f"/admin/callbacks/relays/{relay.pk}/respond/", {"response": "x"}).status_code == 404
    client.force_login(world.officer_traffic)
    assert f'data-relay="{relay.pk}"' in client.get("/admin/callbacks/relays/").content.decode()
    client.post(f"/admin/callbacks/relays/{relay.pk}/respond/", {"response": ""})
    relay.refresh_from_db()
    assert relay.responded_at is None
    client.post(f"/admin/callbacks/relays/{relay.pk}/respond/", {"response": "도로교통법 기준입니다"})
    relay.refresh_from_db()
    assert relay.response == "도로교통법 기준입니다" and relay.responded_by == world.officer_traffic


@pytest.mark.django_db
def test_api_actions_errors_and_relay_response(world):
    case = low_rated_case(world)
    api = _api(world.auditor)
    listed = api.get("/api/v1/callbacks/", {"state": "open"}).json()
    assert [c["id"] for c in listed] == [case.pk] and listed[0]["source"] == "low_rating"
    assert api.post(f"/api/v1/callbacks/{case.pk}/assign/", {"assignee": world.officer_traffic.pk}).status_code == 400
    assert api.post(f"/api/v1/callbacks/{case.pk}/assign/", {"assignee": world.auditor.pk}).json()["assignee"] == (
        world.auditor.pk
    )
    bad = api.post(f"/api/v1/callbacks/{case.pk}/calls/", {"reached": True, "note": ""}, format="json")
    assert bad.status_code == 400 and "통화 내용" in bad.content.decode()
    done = api.post(f"/api/v1/callbacks/{case.pk}/calls/", {"reached": True, "note": f"통화함 {PHONE}"}, format="json")
    assert done.status_code == 200 and PHONE not in done.content.decode() and len(done.json()["calls"]) == 1
    relayed = api.post(f"/api/v1/callbacks/{case.pk}/relay/", {"request": "근거 부탁"}, format="json").json()
    assert relayed["state"] == "relayed"
    relay_id = relayed["relays"][0]["id"]
    assert (
        _api(world.officer_safety).post(f"/api/v1/callbacks/relays/{relay_id}/response/", {"response": "x"}).status_code
        == 404
    )
    traffic = _api(world.head_traffic)
    assert [r["id"] for r in traffic.get("/api/v1/callbacks/relays/").json()] == [relay_id]
    answered = traffic.post(f"/api/v1/callbacks/relays/{relay_id}/response/", {"response": "근거입니다"}, format="json")
    assert answered.status_code == 200 and answered.json()["responded_at"]
    assert api.post(f"/api/v1/callbacks/{case.pk}/answer-back/", {"message": "안내드립니다"}).json()["state"] == (
        "answered_back"
    )
    assert api.post(f"/api/v1/callbacks/{case.pk}/close/", {"outcome": "nope"}).status_code == 400
    assert api.post(f"/api/v1/callbacks/{case.pk}/close/", {"outcome": "resolved"}).json()["outcome"] == "resolved"
    closed = api.post(f"/api/v1/callbacks/{case.pk}/calls/", {"reached": False}, format="json")
    assert closed.status_code == 409 and "종결된 청렴 콜" in closed.json()["detail"]


@pytest.mark.django_db
def test_the_openapi_schema_covers_the_callback_actions(world):
    schema = _api(world.admin).get("/api/v1/schema/", {"format": "json"}).json()
    paths = set(schema["paths"])
    for path in ("assign", "calls", "relay", "answer-back", "close"):
        assert any(p.startswith("/api/v1/callbacks/") and p.rstrip("/").endswith(path) for p in paths), path
    assert any("relays" in p and "response" in p for p in paths)
