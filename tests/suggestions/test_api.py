"""REST API: token auth, visibility rules (404 alike), masking, routing, answer workflow, support, rating."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from suggestions.models import Answer, Suggestion

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    out = io.StringIO()
    call_command("drf_create_token", user.username, stdout=out)
    from rest_framework.authtoken.models import Token

    token = Token.objects.get(user=user).key
    assert token in out.getvalue()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_file_read_answer_approve_support_rate(world):
    member = token_client(world.member)
    response = member.post(
        "/api/v1/suggestions/",
        {
            "kind": "field_report",
            "title": "API로 올린 현장 의견",
            "body": "<p>연락처 010-2345-6789</p><script>alert(1)</script>",
            "field": world.fields["교통"].slug,
            "visibility": "public",
            "district": "강북구",
            "address": "수유역",
            "lat": 37.6,
            "lon": 127.0,
            "time_band": "22:00-02:00",
            "risk_type": "traffic_risk",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    sid = data["id"]
    assert data["status"] == "assigned" and data["department"] == "traffic" and "ref" in data
    assert "<script" not in data["body"]
    assert "010-2345-6789" not in data["body"]  # partners (even the author) see masked data

    anonymous = APIClient()
    public = anonymous.get(f"/api/v1/suggestions/{sid}/").json()
    assert "***-****-****" in public["body"]
    police = token_client(world.officer_traffic).get(f"/api/v1/suggestions/{sid}/").json()
    assert "010-2345-6789" in police["body"]

    officer = token_client(world.officer_traffic)
    draft = officer.post(
        f"/api/v1/suggestions/{sid}/answers/", {"decision": "accepted", "body": "점검하겠습니다."}, format="json"
    )
    assert draft.status_code == 201
    aid = draft.json()["id"]
    assert officer.post(f"/api/v1/answers/{aid}/submit/").json()["state"] == "pending"
    assert officer.post(f"/api/v1/answers/{aid}/approve/").status_code == 403
    head = token_client(world.head_traffic)
    assert head.post(f"/api/v1/answers/{aid}/approve/").json()["state"] == "published"
    assert head.post(f"/api/v1/answers/{aid}/approve/").status_code == 409  # already published

    shown = anonymous.get(f"/api/v1/suggestions/{sid}/").json()
    assert shown["status"] == "answered" and shown["answer"]["decision"] == "accepted"
    rep = token_client(world.representative)
    assert rep.post(f"/api/v1/suggestions/{sid}/support/").json()["support_count"] == 1
    assert rep.post(f"/api/v1/suggestions/{sid}/support/").status_code == 409
    assert member.post(f"/api/v1/suggestions/{sid}/rate/", {"score": 9}, format="json").status_code == 400
    assert member.post(f"/api/v1/suggestions/{sid}/rate/", {"score": 5}, format="json").status_code == 201
    assert rep.post(f"/api/v1/suggestions/{sid}/rate/", {"score": 1}, format="json").status_code == 403
    assert member.post(f"/api/v1/suggestions/{sid}/withdraw/").status_code == 409


def test_return_answer(world):
    s = world.file()
    officer = token_client(world.officer_traffic)
    aid = officer.post(
        f"/api/v1/suggestions/{s.pk}/answers/", {"decision": "not_accepted", "body": "불가"}, format="json"
    ).json()["id"]
    officer.post(f"/api/v1/answers/{aid}/submit/")
    head = token_client(world.head_traffic)
    assert head.post(f"/api/v1/answers/{aid}/return/", {}, format="json").status_code == 400
    returned = head.post(f"/api/v1/answers/{aid}/return/", {"comment": "사유를 구체적으로"}, format="json").json()
    assert returned["state"] == "returned" and returned["return_comment"] == "사유를 구체적으로"
    # an officer of another department cannot even see the answer
    assert token_client(world.officer_safety).get(f"/api/v1/answers/{aid}/").status_code == 404


def test_visibility_rules_and_404_alike(world):
    public = world.file(title="공개 제안")
    partners = world.file(title="파트너 제안", visibility=Suggestion.Visibility.PARTNERS)
    police = world.file(title="경찰 전용 제안", visibility=Suggestion.Visibility.POLICE)
    anonymous = APIClient()
    titles = {r["title"] for r in anonymous.get("/api/v1/suggestions/").json()["results"]}
    assert titles == {"공개 제안"}
    other = token_client(world.member_other)
    titles = {r["title"] for r in other.get("/api/v1/suggestions/").json()["results"]}
    assert titles == {"공개 제안", "파트너 제안"}
    assert other.get(f"/api/v1/suggestions/{police.pk}/").status_code == 404
    assert other.get("/api/v1/suggestions/999999/").status_code == 404
    assert anonymous.get(f"/api/v1/suggestions/{partners.pk}/").status_code == 404
    author = token_client(world.member)
    assert author.get(f"/api/v1/suggestions/{police.pk}/").status_code == 200
    mine = author.get("/api/v1/suggestions/?mine=1").json()["results"]
    assert {r["id"] for r in mine} == {public.pk, partners.pk, police.pk}
    hq = token_client(world.hq)
    assert hq.get(f"/api/v1/suggestions/{police.pk}/").status_code == 200
    assert anonymous.post("/api/v1/suggestions/", {}, format="json").status_code in (401, 403)


def test_route_by_hq_only(world):
    s = world.file()
    officer = token_client(world.officer_traffic)
    assert officer.post(f"/api/v1/suggestions/{s.pk}/route/", {"department": "community-safety"}).status_code == 403
    hq = token_client(world.hq)
    response = hq.post(f"/api/v1/suggestions/{s.pk}/route/", {"department": "community-safety", "reason": "재배정"})
    assert response.status_code == 200 and response.json()["department"] == "community-safety"
    assert Answer.objects.count() == 0


def test_schema_documents_the_endpoints(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in (
        "/api/v1/suggestions/",
        "/api/v1/suggestions/{id}/route/",
        "/api/v1/suggestions/{id}/answers/",
        "/api/v1/answers/{id}/approve/",
        "/api/v1/answers/{id}/return/",
        "/api/v1/suggestions/{id}/support/",
        "/api/v1/suggestions/{id}/rate/",
    ):
        assert path in text, path
    assert "ref" in text


def test_department_actions_and_supplement(world):
    s = world.file()
    officer = token_client(world.officer_traffic)
    member = token_client(world.member)
    assert member.post(f"/api/v1/suggestions/{s.pk}/supplement-request/", {"message": "x"}).status_code == 403
    r = officer.post(f"/api/v1/suggestions/{s.pk}/supplement-request/", {"message": "사진을 보내 주세요"})
    assert r.status_code == 200 and r.json()["status"] == "supplement"
    r = member.post(f"/api/v1/suggestions/{s.pk}/supplement/", {"message": "사진 첨부했습니다"})
    assert r.json()["status"] == "assigned"
    due = r.json()["due_date"]
    later = (Suggestion.objects.get(pk=s.pk).due_date + dt.timedelta(days=10)).isoformat()
    r = officer.post(f"/api/v1/suggestions/{s.pk}/extend/", {"new_due_date": later, "reason": "협의"})
    assert r.status_code == 201 and r.json()["state"] == "pending"  # the head decides (issue 14)
    decision = {"extension": r.json()["id"], "approve": True}
    assert officer.post(f"/api/v1/suggestions/{s.pk}/extension-decision/", decision).status_code == 403
    r = token_client(world.head_traffic).post(f"/api/v1/suggestions/{s.pk}/extension-decision/", decision)
    assert r.status_code == 200 and r.json()["due_date"] == later != due
    assert (
        officer.post(f"/api/v1/suggestions/{s.pk}/extend/", {"new_due_date": later, "reason": "또"}).status_code == 409
    )
    r = officer.post(f"/api/v1/suggestions/{s.pk}/transfer-request/", {"reason": "생활안전 소관"})
    assert r.status_code == 201 and r.json()["state"] == "pending"
    assert officer.post(f"/api/v1/suggestions/{s.pk}/implement/", {}).status_code == 409  # not answered yet
