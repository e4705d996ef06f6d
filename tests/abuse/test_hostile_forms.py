"""Hostile input through every form and API endpoint (Django test client, in bulk):
0 HTTP 500, refused input gets a 4xx / form error, and every page that shows stored input
renders it inert (no script, no handler, no javascript: URL — parsed as a browser would).

The project's own corpus (tests/abuse/payloads.json) always runs; the shared lists (Big List of
Naughty Strings, 6,613 XSS payloads) run too when ../shared/data/hostile is present — packed
several payloads per request so the whole list fits in a few seconds."""

from __future__ import annotations

import json
import random

import pytest
from django.test import Client

from partners.models import Field
from suggestions.models import Suggestion
from tests.security.conftest import client_for

from . import payloads
from .inert import injected_markup

pytestmark = pytest.mark.django_db


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _form_data(title: str, body: str, address: str = "", **extra) -> dict:
    return {
        "kind": "field_report",
        "title": title,
        "body": body,
        "field": Field.objects.get(name="교통").pk,
        "visibility": "public",
        "district": "강북구",
        "address": address,
        "time_band": "22:00-02:00",
        **extra,
    }


def _assert_ok(response, what: str) -> None:
    assert response.status_code < 500, f"{what} → {response.status_code}"


def _check_rendered(client: Client, pks: list[int]) -> None:
    for pk in pks:
        page = client.get(f"/suggestions/{pk}/")
        assert page.status_code == 200, pk
        problems = injected_markup(page.content.decode())
        assert not problems, (pk, problems[:5])


def _file_through_form(client: Client, group_id: int, triples: list[tuple[str, str, str]]) -> list[int]:
    before = set(Suggestion.objects.values_list("pk", flat=True))
    for title, body, address in triples:
        response = client.post("/suggestions/new/", _form_data(title, body, address, group=group_id))
        _assert_ok(response, f"form filing {title[:40]!r}")
        if response.status_code == 200:  # refused: the form again, with a clear error message
            form = response.context["form"]
            assert form.errors, f"200 without errors for {title[:40]!r}"
        else:
            assert response.status_code == 302
    return sorted(set(Suggestion.objects.values_list("pk", flat=True)) - before)


def test_own_corpus_through_filing_form_and_pages(authz):
    users = authz.users
    client = client_for(users, "member")
    group_id = authz.membership.group_id
    own = payloads.project_payloads()
    shuffled = own[1:] + own[:1]
    addresses = own[2:] + own[:2]
    triples = [(t, b, a[:200]) for t, b, a in zip(own, shuffled, addresses, strict=True)]
    triples += [(h[:300], h, "") for h in payloads.huge_fields()]
    created = _file_through_form(client, group_id, triples)
    assert len(created) > len(own) // 2  # most hostile text is stored (sanitized), not refused
    _check_rendered(client, created)
    officer = client_for(users, "officer")
    _check_rendered(officer, created[:50])  # police see unmasked text: still inert
    listing = client.get("/suggestions/?page=1")
    assert not injected_markup(listing.content.decode())
    mine = client.get("/suggestions/mine/")
    assert mine.status_code == 200 and not injected_markup(mine.content.decode())


def test_empty_and_invalid_fields_get_clear_form_errors(authz):
    client = client_for(authz.users, "member")
    group_id = authz.membership.group_id
    cases = {
        "title": _form_data("", "<p>내용</p>", group=group_id),
        "body": _form_data("제목", "<script>alert(1)</script>", group=group_id),  # nothing left after sanitize
        "time_band": _form_data("제목", "내용", time_band="{{7*7}}", group=group_id),
        "lat": _form_data("제목", "내용", lat="1e309", lon="0", group=group_id),
        "district": _form_data("제목", "내용", district="../../etc/passwd", group=group_id),
        "field": _form_data("제목", "내용", group=group_id) | {"field": "' OR 1=1--"},
        "group": _form_data("제목", "내용") | {"group": "99999"},
    }
    for field_name, data in cases.items():
        response = client.post("/suggestions/new/", data)
        assert response.status_code == 200, field_name
        errors = response.context["form"].errors
        assert errors, field_name
        assert any(str(message) for messages in errors.values() for message in messages)


def test_invalid_utf8_and_nul_bytes_in_requests(authz):
    client = client_for(authz.users, "member")
    for raw in [*payloads.invalid_utf8(), b"\x00", b"abc\x00def"]:
        body = b"title=" + raw + b"&body=" + raw + b"&kind=proposal&visibility=public"
        response = client.post("/suggestions/new/", body, content_type="application/x-www-form-urlencoded")
        _assert_ok(response, f"form bytes {raw!r}")
        response = client.generic(
            "POST", "/api/v1/suggestions/", b'{"title": "' + raw + b'", "body": "x"}', "application/json"
        )
        _assert_ok(response, f"api bytes {raw!r}")
        assert response.status_code == 400 or response.status_code < 300
        response = client.get("/hq/?q=" + raw.decode("latin-1"))
        _assert_ok(response, f"search bytes {raw!r}")
        response = client.get("/suggestions/", QUERY_STRING="q=" + raw.decode("latin-1"))
        _assert_ok(response, f"list bytes {raw!r}")


def test_shared_lists_through_form_api_and_rendered_pages(authz):
    """All 515 BLNS strings and 6,613 XSS payloads (when present), several per request."""
    shared = payloads.shared_payloads()
    if not shared:
        pytest.skip("../shared/data/hostile is not present")
    client = client_for(authz.users, "member")
    group_id = authz.membership.group_id
    triples = []
    for chunk in _chunks(shared, 24):
        triples.append((chunk[0], "\n".join(chunk), chunk[-1][:200]))
    created = _file_through_form(client, group_id, triples)
    assert created
    _check_rendered(client, created)
    api_bad = 0
    field_slug = Field.objects.get(name="교통").slug
    for chunk in _chunks(shared, 40):
        data = {"kind": "proposal", "title": chunk[0][:200], "body": "\n".join(chunk), "field": field_slug}
        response = client.post("/api/v1/suggestions/", data=json.dumps(data), content_type="application/json")
        _assert_ok(response, f"api filing {chunk[0][:40]!r}")
        if response.status_code == 400:
            assert response.json()  # a field → message map
            api_bad += 1
        else:
            assert response.status_code == 201, response.status_code
            rendered = json.dumps(response.json())
            assert "<script" not in rendered.lower()
    assert api_bad < len(shared) // 40


def test_own_corpus_through_api_filing(authz):
    client = client_for(authz.users, "member")
    field_slug = Field.objects.get(name="교통").slug
    for payload in payloads.project_payloads() + payloads.huge_fields():
        data = {"kind": "proposal", "title": payload[:200], "body": payload, "field": field_slug, "address": payload}
        response = client.post("/api/v1/suggestions/", data=json.dumps(data), content_type="application/json")
        _assert_ok(response, f"api filing {payload[:40]!r}")
        assert response.status_code in (201, 400), response.status_code
        body = response.json()
        if response.status_code == 400:
            assert body and all(isinstance(v, list | str | dict) for v in body.values())
        else:
            assert not injected_markup(body.get("body") or ""), payload  # sanitized HTML
            # title and address are plain text in JSON (templates escape them): nothing to check here


def test_search_page_and_api_with_hostile_queries(authz, search_index):
    users = authz.users
    hq = client_for(users, "hq")
    member = client_for(users, "member")
    queries = payloads.project_payloads()
    rng = random.Random(6)
    shared = payloads.shared_payloads()
    queries += rng.sample(shared, min(200, len(shared)))  # a fixed sample of the shared lists
    for q in queries:
        page = hq.get("/hq/", {"q": q, "field": q[:30], "date_from": q[:20]})
        _assert_ok(page, f"search page {q[:40]!r}")
        if page.status_code == 200:
            assert not injected_markup(page.content.decode()), q
        api = hq.get("/api/v1/search/suggestions", {"q": q, "size": "5", "sort": q[:10]})
        _assert_ok(api, f"search api {q[:40]!r}")
        assert api.status_code in (200, 400)
    for q in payloads.categories()["elasticsearch_syntax"]:
        themes = hq.get("/api/v1/search/themes", {"q": q})
        _assert_ok(themes, f"themes api {q[:40]!r}")
        response = member.get("/hq/similar-preview", {"title": q, "body": q})
        _assert_ok(response, f"similar preview {q[:40]!r}")
        response = member.get("/suggestions/", {"q": q})
        _assert_ok(response, f"list {q[:40]!r}")


def test_login_and_invitation_forms_with_hostile_input(authz):
    rep = client_for(authz.users, "representative")
    slug = authz.membership.group.slug
    for i, payload in enumerate(payloads.project_payloads()):
        client = Client(REMOTE_ADDR=f"198.51.100.{i % 250}")
        response = client.post("/accounts/login/", {"username": payload[:150], "password": payload})
        _assert_ok(response, f"login {payload[:40]!r}")
        assert response.status_code in (200, 429)
        if response.status_code == 200:
            assert response.context["form"].errors
        response = rep.post(f"/partners/groups/{slug}/invite/", {"email": payload[:254]})
        _assert_ok(response, f"invite {payload[:40]!r}")
    group_page = rep.get(f"/partners/groups/{slug}/")
    assert group_page.status_code == 200 and not injected_markup(group_page.content.decode())


def test_answer_and_workflow_forms_with_hostile_input(authz):
    """The department's answer, supplement request, referral… (Wagtail admin inbox actions)."""
    users = authz.users
    officer = client_for(users, "officer")
    own = authz.own
    member = client_for(users, "member")
    corpus = payloads.project_payloads()
    actions = ["save_answer", "request_supplement", "extend", "referral", "site_check", "request_transfer", "merge"]
    for i, payload in enumerate(corpus):
        name = actions[i % len(actions)]
        data = {"decision": "accepted", "body": payload, "reason": payload, "comment": payload, "agency": payload[:100],
                "referred_on": payload[:20], "scheduled_for": payload[:20], "new_due_date": payload[:20],
                "survivor": payload[:20]}  # fmt: skip
        response = officer.post(f"/admin/inbox/{own.pk}/action/{name}/", data)
        _assert_ok(response, f"{name} {payload[:40]!r}")
    for payload in corpus[:100]:
        for url, data in (
            (f"/suggestions/{own.pk}/supplement/", {"text": payload}),
            (f"/suggestions/{own.pk}/rate/", {"score": payload[:5], "comment": payload}),
            (f"/suggestions/{own.pk}/withdraw/", {"reason": payload}),
        ):
            _assert_ok(member.post(url, data), f"{url} {payload[:40]!r}")
    page = officer.get(f"/admin/inbox/{own.pk}/")
    assert page.status_code == 200
    detail = member.get(f"/suggestions/{own.pk}/")
    assert not injected_markup(detail.content.decode())


def test_hostile_uploads_refused_or_stored_inert(authz):
    client = client_for(authz.users, "member")
    group_id = authz.membership.group_id
    from django.core.files.uploadedfile import SimpleUploadedFile

    for name, content, content_type in payloads.hostile_uploads():
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        data = _form_data(f"첨부 시험 {name}", "<p>사진 첨부</p>", group=group_id) | {"attachments": upload}
        response = client.post("/suggestions/new/", data)
        _assert_ok(response, f"upload {name!r}")
        if response.status_code == 200:
            errors = response.context["form"].errors
            assert errors, name  # refused with a message
            continue
        suggestion = Suggestion.objects.filter(title=f"첨부 시험 {name}").first()
        assert suggestion is not None
        for attachment in suggestion.attachments.all():
            assert attachment.content_type in ("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf")
            assert ".." not in attachment.file.name and "\x00" not in attachment.file.name
            assert not attachment.file.name.endswith((".php", ".svg", ".html", ".exe"))
            served = client.get(f"/suggestions/{suggestion.pk}/attachments/{attachment.pk}/")
            assert served.status_code == 200
            assert served["Content-Type"] != "text/html"
            assert served["X-Content-Type-Options"] == "nosniff"
