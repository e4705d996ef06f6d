"""Similar suggestions (more_like_this) on planted near-duplicate pairs: the project's own test
corpus always, the shared sample data in addition when it is present."""

import pytest
from django.test import Client

from search.similar import SIMILAR_FLOOR, similar_suggestions, similar_to_text
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


def test_near_duplicates_find_each_other(world, search_index, dataset):
    by_ref = dataset.load(world, answers=False)
    index_all()
    # The pairs are the data's own dup_group markers.
    groups = {}
    for ref, s in by_ref.items():
        if "dup_group" in s.sample:
            groups.setdefault(s.sample["dup_group"], set()).add(ref)
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, dataset.pairs))
    top1, missed = 0, []
    for a, b in dataset.pairs:
        for x, y in ((a, b), (b, a)):
            found = [r["ref"] for r in similar_suggestions(world.principal(world.hq), by_ref[x].pk, size=3)]
            assert x not in found  # never itself
            if y not in found:
                missed.append(f"{x}: {y} not in {found}")
            top1 += bool(found) and found[0] == y
    assert 2 * len(dataset.pairs) - len(missed) >= dataset.top3_min, missed
    assert top1 >= dataset.top1_min


def test_similar_to_a_draft_for_the_filing_form(world, search_index, dataset):
    dataset.load(world, answers=False)
    index_all()
    member = world.principal(world.member)
    results = similar_to_text(
        member, "수유역 골목 가로등이 꺼져 있어요", "수유역 뒤 골목에 가로등 몇 개가 한 달째 꺼져서 밤에 무서워요."
    )
    assert 1 <= len(results) <= 5
    assert dataset.lamp_refs & {r["ref"] for r in results[:2]}
    assert similar_to_text(member, "", "") == []


def test_similar_preview_endpoint_for_partner_members(world, search_index, client, dataset):
    dataset.load(world, answers=False)
    index_all()
    url = "/hq/similar-preview"
    params = {"title": "택시 승객 보이스피싱 수거책", "body": "현금 봉투를 들고 통화 지시를 받는 승객"}
    assert client.post(url, params).status_code == 404  # anonymous
    client.force_login(world.outsider)
    assert client.post(url, params).status_code == 404  # no group, not police
    client.force_login(world.member)
    assert client.get(url, params).status_code == 405  # the draft never goes in the URL
    data = client.post(url, params).json()
    assert 1 <= len(data["results"]) <= 5
    first = data["results"][0]
    assert set(first) == {"id", "title", "status", "status_label", "url"} and first["url"].startswith("/")
    assert "보이스피싱" in first["title"]


def test_similar_preview_checks_csrf(world, search_index):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.member)
    assert browser.post("/hq/similar-preview", {"title": "가로등 고장", "body": "골목이 어두워요"}).status_code == 403


def test_similar_api_only_above_the_floor(world, search_index, client):
    lamp = world.suggestion(
        "수유역 골목 가로등 고장", "<p>수유역 뒤 골목 가로등이 한 달째 꺼져 있어 밤에 무섭습니다.</p>"
    )
    twin = world.suggestion(
        "수유역 뒷골목 가로등이 꺼졌어요", "<p>수유역 뒤편 골목 가로등 몇 개가 계속 꺼져 있어 어둡습니다.</p>"
    )
    world.suggestion("집회 소음 민원", "<p>주말마다 광장 집회 확성기 소음이 심합니다.</p>", field="집회·시위")
    world.suggestion("보이스피싱 현금 수거책", "<p>검찰 사칭 전화 후 현금을 건네받는 수거책을 봤습니다.</p>")
    index_all()
    client.force_login(world.hq)
    data = client.get(f"/api/v1/suggestions/{lamp.pk}/similar", {"size": 10}).json()
    assert [r["id"] for r in data["results"]] == [twin.pk]  # the unrelated two stay below the floor
    first = data["results"][0]
    assert {"id", "ref", "score"} <= set(first) and first["score"] >= SIMILAR_FLOOR
    # a ten-percent word overlap on another topic is not "similar"
    assert similar_to_text(world.principal(world.member), "광장 소음", "주말 확성기 소리가 커요") != []
    assert similar_to_text(world.principal(world.member), "골목 청소", "골목에 쓰레기가 쌓여 냄새가 나요") == []
