"""The briefing API: HQ requests and follows a briefing; bad input is a Korean 400, a refused month a
409, and everyone else a 404."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from briefings.models import Briefing

pytestmark = pytest.mark.django_db

URL = "/api/v1/briefings"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_request_status_and_refusals(api, world):
    api.force_authenticate(world.hq)
    bad = api.post(URL, {"month": "11월"}, format="json")
    assert bad.status_code == 400 and "YYYY-MM" in str(bad.json()["month"])
    assert api.post(URL, {"month": "2099-01"}, format="json").status_code == 409
    made = api.post(URL, {"month": "2026-11"}, format="json")
    assert made.status_code == 202
    body = made.json()
    assert body["month"] == "2026-11" and body["state"] == "queued" and body["pdf"] == ""
    again = api.post(URL, {"month": "2026-11"}, format="json")
    assert again.status_code == 409 and "이미 만들고 있습니다" in again.json()["detail"]
    assert api.get(f"{URL}/{body['id']}").json()["progress"] == 0
    assert [b["id"] for b in api.get(URL).json()] == [body["id"]]
    assert Briefing.objects.count() == 1


def test_everyone_else_gets_404(api, world):
    b = Briefing.objects.create(month="2026-11-01", requested_by=world.hq)
    for user in (world.member, world.officer_traffic, world.head_traffic, world.auditor):
        api.force_authenticate(user)
        assert api.get(URL).status_code == 404
        assert api.get(f"{URL}/{b.pk}").status_code == 404
        assert api.post(URL, {"month": "2026-10"}, format="json").status_code == 404
    api.force_authenticate(None)
    assert api.get(URL).status_code in {401, 403}  # anonymous: not signed in
    assert Briefing.objects.count() == 1
