"""Generated personal data filed for real goes nowhere unmasked (issue #13): 300 variants of every
kind (tests/abuse/pii_variants.py) in titles, bodies, addresses, official answers and rating comments
of public proposals, checked in a partner's page, the API JSON, the CSV/XLSX exports and the real
Elasticsearch index (documents and searches). Police still see the originals, and every such view
is in the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from openpyxl import load_workbook

from core.models import AuditLog
from search import export
from search.client import index_name
from search.indexing import bulk_index_suggestions
from search.params import SearchParams
from search.topics import search_suggestions
from suggestions import services
from suggestions.models import Suggestion
from suggestions.services.disclosure import ACTION
from tests.abuse.pii_variants import any_variant, squash

pytestmark = pytest.mark.django_db

PER_SUGGESTION = 10  # variants: title, address, 4 in the body, 2 in the answer, 2 in the rating comment
COUNT = 300


def generated(n: int) -> list[tuple[str, list[str]]]:
    """n distinct variants, the same every run (derandomized): one small hypothesis example each,
    so they are as varied as the per-kind tests' (one huge example would be the simplest one)."""
    out: dict[str, tuple[str, list[str]]] = {}

    @settings(
        max_examples=2 * n,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(any_variant)
    def collect(variant):
        out.setdefault(variant[0], variant)

    collect()
    assert len(out) >= n
    return list(out.values())[:n]


def strong(secrets: list[str]) -> list[str]:
    """Secrets long enough that finding one in a whole page is a leak, not a coincidence."""
    out = []
    for s in secrets:
        if (re.search(r"[가-힣]", s) and len(s) >= 3) or (s.isdigit() and len(s) >= 7) or len(s) >= 8:
            out.append(s)
    return out


def leaks(text: str, secrets: list[str]) -> list[str]:
    seen = squash(text)
    return [s for s in secrets if s in seen]


def file_with(world, variants: list[tuple[str, list[str]]]) -> Suggestion:
    texts = [v[0] for v in variants]
    body = "".join(f"<p>제보 내용: {t} 입니다.</p>" for t in texts[2:6])
    s = world.file(title=f"민원 {texts[0]}"[:200], body=body, address=texts[1][:200], kind="proposal")
    answer = services.save_answer_draft(
        world.officer_traffic, s, decision="accepted", body=f"<p>답변: {texts[6]} 및 {texts[7]}</p>"
    )
    services.submit_answer(world.officer_traffic, answer)
    services.approve_answer(world.head_traffic, answer)
    services.rate(world.member, Suggestion.objects.get(pk=s.pk), 4, f"감사합니다 {texts[8]} 그리고 {texts[9]}")
    return s


def test_no_generated_variant_leaks_anywhere(world, search_index, client):
    variants = generated(COUNT)
    filed = []
    for i in range(0, COUNT, PER_SUGGESTION):
        chunk = variants[i : i + PER_SUGGESTION]
        filed.append((file_with(world, chunk), strong([s for v in chunk for s in v[1]])))
    ids = [s.pk for s, _ in filed]
    all_secrets = [x for _, secrets in filed for x in secrets]
    assert len(all_secrets) > COUNT // 2  # most variants give a secret findable in a whole page

    # The page and the API JSON, as a partner of another group sees a public proposal.
    client.force_login(world.member_other)
    for s, secrets in filed:
        page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
        assert 'id="rating-done"' in page and "official-answer" in page
        assert leaks(page, secrets) == [], s.pk
        api = client.get(f"/api/v1/suggestions/{s.pk}/").json()
        assert leaks(json.dumps(api, ensure_ascii=False), secrets) == [], s.pk
    listing = client.get("/api/v1/suggestions/").json()
    assert leaks(json.dumps(listing, ensure_ascii=False), all_secrets) == []

    # The CSV dump (manage.py export_suggestions) and HQ's CSV/XLSX search export.
    dump = io.StringIO()
    export.export_suggestions_csv(dump, Suggestion.objects.filter(pk__in=ids))
    assert len(list(csv.reader(io.StringIO(dump.getvalue())))) == len(ids) + 1
    assert leaks(dump.getvalue(), all_secrets) == []
    bulk_index_suggestions(ids)
    search_index.indices.refresh(index=index_name("suggestions"))
    hq = world.principal(world.hq)
    rows = export.export_rows(hq, SearchParams(size=100))
    assert {r["id"] for r in rows} >= set(ids)
    assert leaks(export.rows_to_csv(rows, export.EXPORT_COLUMNS).decode("utf-8-sig"), all_secrets) == []
    sheet = load_workbook(io.BytesIO(export.rows_to_xlsx(rows, export.EXPORT_COLUMNS))).active
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert leaks(cells, all_secrets) == []

    # The index: no document holds a secret, and no number of a variant finds its suggestion.
    docs = search_index.mget(index=index_name("suggestions"), ids=[str(i) for i in ids])["docs"]
    assert all(d["found"] for d in docs)
    for d in docs:
        text = " ".join(str(d["_source"].get(k)) for k in ("title", "body", "answer_text", "keywords"))
        morphs = " ".join(str(d["_source"].get(k)) for k in ("title_morphs", "body_morphs", "answer_morphs"))
        assert not re.search(r"[0-9]", text + morphs), d["_id"]  # the prose filed has no digit at all
    for (s, _), i in zip(filed, range(0, COUNT, PER_SUGGESTION), strict=True):
        for text, _secrets in variants[i : i + PER_SUGGESTION]:
            for number in set(re.findall(r"[0-9]{3,}", unicodedata.normalize("NFKC", re.sub(r"<[^>]*>", "", text)))):
                found = search_suggestions(hq, SearchParams(q=number, size=50), facets=False).results
                assert s.pk not in {r["id"] for r in found}, (number, text)

    # Police see the originals, and the audit log says who saw which.
    client.force_login(world.officer_traffic)
    s, secrets = next((s, x) for s, x in filed if x)
    page = client.get(reverse("suggestions_inbox:detail", args=[s.pk])).content.decode()
    assert leaks(page, secrets)  # the check above could fail: the originals are on this page
    assert AuditLog.objects.filter(
        action=ACTION, actor=world.officer_traffic, object_id=str(s.pk), data__where="inbox.detail"
    ).exists()


def answered(world, **filing) -> Suggestion:
    s = world.file(**filing)
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="<p>조치하겠습니다.</p>")
    services.submit_answer(world.officer_traffic, a)
    services.approve_answer(world.head_traffic, a)
    return Suggestion.objects.get(pk=s.pk)


def test_rating_comments_are_masked_for_everyone_but_the_police(world, client):
    s = answered(world)
    client.force_login(world.member)
    response = client.post(f"/api/v1/suggestions/{s.pk}/rate/", {"score": 5, "comment": "홍길동 010-1234-5678 감사"})
    assert response.status_code == 201 and response.json()["comment"] == "*** ***-****-**** 감사"
    for user in (world.member, world.member_other):
        client.force_login(user)
        page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
        assert "*** ***-****-**** 감사" in page and "010-1234-5678" not in page and "홍길동" not in page
    client.force_login(world.hq)
    assert "홍길동 010-1234-5678 감사" in client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()


def test_police_views_of_originals_are_in_the_audit_log(world, client):
    secret = world.file(title="제보", body="<p>제 번호는 010-1234-5678 입니다</p>")
    plain = world.file(title="가로등 고장", body="<p>개인정보 없음</p>")
    seen = AuditLog.objects.filter(action=ACTION)

    client.force_login(world.member_other)  # a partner sees masked text: nothing to record
    client.get(reverse("suggestions:detail", args=[secret.pk]))
    client.get(f"/api/v1/suggestions/{secret.pk}/")
    assert not seen.exists()

    client.force_login(world.officer_traffic)
    assert "010-1234-5678" in client.get(reverse("suggestions_inbox:detail", args=[secret.pk])).content.decode()
    client.get(reverse("suggestions_inbox:detail", args=[plain.pk]))  # nothing unmasked to see
    client.force_login(world.hq)
    assert client.get(f"/api/v1/suggestions/{secret.pk}/").json()["body"].count("010-1234-5678") == 1
    client.get("/api/v1/suggestions/")
    client.get(reverse("suggestions:detail", args=[secret.pk]))
    rows = {(r.actor.username, r.object_id, r.data["where"], tuple(r.data["fields"])) for r in seen}
    assert rows == {
        ("officer_traffic", str(secret.pk), "inbox.detail", ("body",)),
        ("hq", str(secret.pk), "api.retrieve", ("body",)),
        ("hq", str(secret.pk), "api.list", ("body",)),
        ("hq", str(secret.pk), "site.detail", ("body",)),
    }


def test_site_work_and_corrections_are_masked_for_non_police(world, client):
    s = world.file()
    check = services.schedule_site_check(world.officer_traffic, s, dt.date(2026, 12, 2))
    services.record_site_check(
        world.officer_traffic, check, done_on=dt.date(2026, 12, 3), result="제보자 010-2222-3333"
    )
    referral = services.refer_to_agency(world.officer_traffic, s, agency="강북구청", referred_on=dt.date(2026, 12, 3))
    services.record_agency_reply(
        world.officer_traffic, referral, reply="담당 hong@gu.go.kr", replied_on=dt.date(2026, 12, 4)
    )
    client.force_login(world.member_other)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "010-2222-3333" not in page and "hong@gu.go.kr" not in page
    assert "제보자 ***-****-****" in page and "담당 ***@***" in page
    client.force_login(world.hq)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "010-2222-3333" in page and "hong@gu.go.kr" in page
