"""탄력순찰 over HTTP: the Wagtail admin pages (request → plan → log), the exports, the reporter's
notification and timeline, and /api/v1/patrols/ — police only, Korean errors, nothing half-saved."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from suggestions.geo import tile_key
from suggestions.models import Notification
from suggestions.patrols.models import PatrolLog, PatrolPlan, PatrolRequest

pytestmark = pytest.mark.django_db

CELL = tile_key(37.63841, 127.02481)


def test_admin_request_plan_log_and_exports(client, world, gangbuk_unit, fear_reports):
    a, _b, _ = fear_reports
    client.force_login(world.hq)
    index = reverse("suggestions_patrols:index")
    r = client.post(reverse("suggestions_patrols:create_request"), {"cell_key": CELL, "time_band": "22:00-02:00"})
    assert r.status_code == 302
    req = PatrolRequest.objects.get()
    page = client.get(index).content.decode()
    assert "강북구 수유동" in page and "강북경찰서" in page

    r = client.post(
        reverse("suggestions_patrols:create_plan"),
        {"request": [req.pk], "week": "2026-W49", "assignee": world.officer_safety.pk},
    )
    plan = PatrolPlan.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("suggestions_patrols:plan", args=[plan.pk])
    spot = plan.spots.get()

    client.force_login(world.officer_safety)
    page = client.get(reverse("suggestions_patrols:plan", args=[plan.pk])).content.decode()
    assert "순찰 완료 기록" in page
    bad = client.post(reverse("suggestions_patrols:log", args=[spot.pk]), {"date": "2026-12-09", "time": "22:10"})
    assert bad.status_code == 302 and not PatrolLog.objects.exists()
    assert "계획 주간" in client.get(bad["Location"]).content.decode()
    client.post(reverse("suggestions_patrols:log", args=[spot.pk]), {"date": "2026-12-01", "time": "22:10"})
    assert PatrolLog.objects.count() == 1

    plan_csv = client.get(reverse("suggestions_patrols:export", args=[plan.pk, "plan.csv"]))
    rows = list(csv.reader(io.StringIO(plan_csv.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["2026-W49", "강북경찰서", "강북구 수유동"] and rows[1][-2:] == ["2", "1"]
    log_csv = client.get(reverse("suggestions_patrols:export", args=[plan.pk, "log.csv"])).content.decode("utf-8-sig")
    assert "2026-12-01,22:10,강북구 수유동" in log_csv
    geo = json.loads(client.get(reverse("suggestions_patrols:export", args=[plan.pk, "plan.geojson"])).content)
    [feature] = geo["features"]
    assert geo["type"] == "FeatureCollection" and feature["geometry"]["coordinates"][0] > 127
    assert feature["properties"]["logs"] == [{"date": "2026-12-01", "time": "22:10"}]

    # The reporter: the notification text and 순찰 완료 on the report's timeline (no officer name).
    client.force_login(world.member)
    notes = client.get(reverse("suggestions:notifications")).content.decode()
    assert "이번 주 강북구 수유동 일대를 22시에 순찰했습니다." in notes
    detail = client.get(reverse("suggestions:detail", args=[a.pk])).content.decode()
    assert "순찰 완료" in detail and "2026-12-01, 22:10" in detail
    assert client.get(index).status_code != 200  # partners never reach the admin
    assert client.get(reverse("suggestions_patrols:export", args=[plan.pk, "plan.csv"])).status_code != 200


def test_other_departments_get_404_for_plans(client, world, gangbuk_unit, fear_reports):
    from suggestions.patrols import services

    [req] = services.create_requests(world.hq, cell_key=CELL)
    plan = services.plan_week(world.hq, requests=[req], year=2026, week=49)
    client.force_login(world.officer_traffic)
    assert client.get(reverse("suggestions_patrols:plan", args=[plan.pk])).status_code == 404
    spot = plan.spots.get()
    r = client.post(reverse("suggestions_patrols:log", args=[spot.pk]), {"date": "2026-12-01", "time": "22:10"})
    assert r.status_code == 404 and not PatrolLog.objects.exists()


def test_api_requests_plans_and_logs(client, world, gangbuk_unit, fear_reports):
    client.force_login(world.member)
    assert client.get("/api/v1/patrols/requests/").status_code == 404
    client.force_login(world.head_safety)
    r = client.post("/api/v1/patrols/requests/", {"cell_key": CELL, "weekdays": ["1"]}, content_type="application/json")
    assert r.status_code == 201, r.content
    [made] = r.json()
    assert made["station"] == "강북경찰서" and len(made["reports"]) == 2
    bad = client.post("/api/v1/patrols/requests/", {"cell_key": "1/2/3"}, content_type="application/json")
    assert bad.status_code == 400 and "격자 키" in json.dumps(bad.json(), ensure_ascii=False)

    empty = client.post("/api/v1/patrols/plans/", {"requests": [], "week": "2026-W49"}, content_type="application/json")
    assert empty.status_code == 400 and "하나 이상" in json.dumps(empty.json(), ensure_ascii=False)
    r = client.post(
        "/api/v1/patrols/plans/",
        {"requests": [made["id"]], "week": "2026-W49", "assignee": world.officer_safety.pk},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    spot_id = r.json()["spots"][0]["id"]
    url = f"/api/v1/patrols/spots/{spot_id}/logs/"
    late = client.post(url, {"date": "2026-12-08", "time": "22:00"}, content_type="application/json")
    assert late.status_code == 400 and "계획 주간" in json.dumps(late.json(), ensure_ascii=False)
    ok = client.post(url, {"date": "2026-11-30", "time": "23:00", "notes": "골목 2곳"}, content_type="application/json")
    assert ok.status_code == 201 and client.get(url).json()[0]["notes"] == "골목 2곳"
    assert Notification.objects.filter(key__startswith="patrol-log:", user=world.member).exists()
    client.force_login(world.officer_traffic)
    assert client.get(url).status_code == 404


def test_the_openapi_schema_covers_the_patrol_actions(client, world):
    client.force_login(world.hq)
    schema = client.get(reverse("api-v1:schema"), {"format": "json"})
    paths = json.loads(schema.content)["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/patrols/requests/"]) and "post" in paths["/api/v1/patrols/plans/"]
    [logs] = [v for k, v in paths.items() if k.startswith("/api/v1/patrols/spots/") and k.endswith("/logs/")]
    assert {"get", "post"} <= set(logs)
