"""The audit-log viewer (Wagtail admin → 감사 기록, issue #14): one of each — a state change, an answer
edit, an unmasked view, a moderation action and a permission change (a role edited in the Wagtail
admin) — is listed; the filters (actor, object, action, period) and pages work; the CSV export is
the filtered rows behind the spreadsheet-formula guard; only HQ and administrators get in."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from core import audit
from core.models import AuditLog
from partners.models import Membership
from suggestions import services
from suggestions.services import moderation

pytestmark = pytest.mark.django_db
URL = "/admin/audit/"


def _page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _actions(client, **params) -> set[str]:
    response = client.get(URL, {**params, "export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["일시", "행위자", "작업", "대상 종류", "대상 번호", "내용"]
    return {row[2] for row in rows[1:]}


def _one_of_each(world, client):
    s = world.file(title="연락처 010-1234-5678 로 답 주세요")  # a state change (submitted → received …)
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="초안")
    services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="고친 초안", answer=a)
    client.force_login(world.officer_traffic)
    assert client.get(f"/suggestions/{s.pk}/").status_code == 200  # the police see the original number
    moderation.hide(world.admin, s, "personal_data")
    membership = Membership.objects.get(user=world.member)
    client.force_login(world.admin)
    edited = client.post(
        f"/admin/memberships/edit/{membership.pk}/",
        {"user": world.member.pk, "group": membership.group_id, "role": "representative", "is_active": "on"},
    )
    assert edited.status_code == 302, edited.content.decode()[:2000]
    return s, membership


def test_one_of_each_write_and_view_is_listed_and_filters_work(world, client):
    s, membership = _one_of_each(world, client)
    expected = {
        "suggestion.received",
        "suggestion.answer_edited",
        "pii.original_viewed",
        "suggestion.moderation_hidden",
        "partners.membership_saved",
    }
    client.force_login(world.hq)
    assert expected <= _actions(client)
    page = _page(client)
    for action in expected:
        assert f"<code>{action}</code>" in page, action
    role = AuditLog.objects.get(action="partners.membership_saved")
    assert role.actor == world.admin and role.data["role"] == "representative"
    assert role.data["before"]["role"] == "member"  # what the permission was before the change

    # Filters: action (prefix), actor (username or id), object (type + id), period (Seoul dates).
    assert _actions(client, action="suggestion.moderation") == {"suggestion.moderation_hidden"}
    assert _actions(client, actor=world.admin.username) == {"suggestion.moderation_hidden", "partners.membership_saved"}
    assert _actions(client, actor=str(world.officer_traffic.pk)) >= {"suggestion.answer_edited", "pii.original_viewed"}
    assert "partners.membership_saved" not in _actions(client, actor=str(world.officer_traffic.pk))
    by_object = _actions(client, object_type="partners.membership", object_id=str(membership.pk))
    assert by_object == {"partners.membership_saved"}
    assert "suggestion.received" in _actions(client, object_type="suggestions.suggestion", object_id=str(s.pk))
    today = dt.date.today().isoformat()
    assert expected <= _actions(client, since=today, until=today)
    assert _actions(client, until="2020-01-01") == set()
    assert "조건에 맞는 기록이 없습니다" in _page(client, until="2020-01-01")


def test_pages_and_the_csv_formula_guard(world, client):
    audit.record_many(None, "test.bulk", ((world.group, {"n": n}) for n in range(120)))
    audit.record(world.admin, '=HYPERLINK("http://x")', world.group, note="+1")
    client.force_login(world.admin)
    first = _page(client, action="test.bulk")
    assert "120건" in first and "1 / 3" in first and 'rel="next"' in first
    assert first.count("<code>test.bulk</code>") == 50
    last = _page(client, action="test.bulk", page=3)
    assert last.count("<code>test.bulk</code>") == 20 and "action=test.bulk" in last  # the filter stays
    response = client.get(URL, {"actor": world.admin.username, "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    formula = [r for r in rows if "HYPERLINK" in r[2]]
    assert formula and formula[0][2].startswith("'=")  # never evaluated by a spreadsheet


def test_only_hq_and_admins_see_the_audit_log(world, client):
    for user in (world.officer_traffic, world.head_traffic):
        client.force_login(user)
        for params in ({}, {"export": "csv"}):  # Wagtail answers a refusal with a redirect to the dashboard
            refused = client.get(URL, params)
            assert (refused.status_code, refused.url) == (302, "/admin/")
    client.force_login(world.member)
    refused = client.get(URL)  # partners do not enter the Wagtail admin at all
    assert refused.status_code == 302 and refused.url.startswith("/admin/login/")
    for user in (world.hq, world.admin):
        client.force_login(user)
        assert client.get(URL).status_code == 200
