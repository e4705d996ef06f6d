"""Similar suggestions (more_like_this) on planted near-duplicate pairs: the project's own test
corpus always, the shared sample data in addition when it is present."""

import pytest

from search.similar import similar_suggestions, similar_to_text
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
    top1 = 0
    for a, b in dataset.pairs:
        for x, y in ((a, b), (b, a)):
            found = [r["ref"] for r in similar_suggestions(world.principal(world.hq), by_ref[x].pk, size=3)]
            assert x not in found  # never itself
            assert y in found, f"{x}: {y} not in {found}"
            top1 += found[0] == y
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
    assert client.get(url, params).status_code == 404  # anonymous
    client.force_login(world.outsider)
    assert client.get(url, params).status_code == 404  # no group, not police
    client.force_login(world.member)
    data = client.get(url, params).json()
    assert 1 <= len(data["results"]) <= 5
    first = data["results"][0]
    assert set(first) == {"id", "title", "status", "status_label", "url"} and first["url"].startswith("/")
    assert "보이스피싱" in first["title"]
