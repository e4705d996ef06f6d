"""The synonym list is edited in the Wagtail admin by HQ; a new synonym applies to the next query."""

import pytest

from search.models import Synonym
from search.params import SearchParams
from search.topics import search_suggestions
from search.wagtail_hooks import HQPermissionPolicy

pytestmark = pytest.mark.django_db


def test_defaults_seeded_by_migration():
    terms = set(Synonym.objects.values_list("term", flat=True))
    assert {"몰카", "킥보드", "보이스피싱", "스쿨존", "데이트폭력"} <= terms
    assert "불법촬영" in Synonym.objects.get(term="몰카").expansion_list()
    assert Synonym.objects.get(term="킥보드").expansion_list()[:2] == ["전동킥보드", "PM"]


def test_only_hq_may_edit(world):
    world.admin.is_active = False  # HQ analysts only here; the superuser edits in the next test
    world.admin.save()
    policy = HQPermissionPolicy(Synonym)
    assert policy.user_has_permission(world.hq, "change")
    assert not policy.user_has_permission(world.member, "add")
    assert not policy.user_has_any_permission(world.officer_traffic, ["add", "change", "delete"])
    assert set(policy.users_with_any_permission(["change"])) == {world.hq}


def test_admin_adds_a_synonym_through_the_wagtail_admin(world, search_index, client):
    admin = world.admin
    world.suggestion("무단투기 쓰레기", "상가 뒤 무단투기", ref="X")
    from tests.search.conftest import index_all

    index_all()
    assert search_suggestions(world.principal(world.hq), SearchParams(q="투척")).count == 0
    client.force_login(admin)
    listing = client.get("/admin/snippets/search/synonym/")
    assert listing.status_code == 200 and "몰카" in listing.content.decode()
    response = client.post(
        "/admin/snippets/search/synonym/add/", {"term": "투척", "expansions": "무단투기", "is_active": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert search_suggestions(world.principal(world.hq), SearchParams(q="투척")).count == 1  # no reindex


def test_fitted_synonyms_are_gone_and_an_hq_edit_survives_the_cleaning():
    import importlib

    from django.apps import apps

    cleaning = importlib.import_module("search.migrations.0006_remove_fitted_synonyms")
    groups = {s.term: s.expansion_list() for s in Synonym.objects.all()}
    assert "스토킹" not in groups and "음주운전" not in groups and "가로등" not in groups
    assert groups["보이스피싱"] == ["전화금융사기", "전화 사기"] and groups["학폭"] == ["학교폭력"]
    assert groups["스쿨존"] == ["어린이보호구역"]
    # Re-run on rows as 0002 left them, one of them since edited by HQ: only the unedited one goes.
    Synonym.objects.create(term="스토킹", expansions="스토킹범죄")  # HQ's own
    Synonym.objects.create(term="음주운전", expansions="술 마시고 운전, 음주 단속")  # as 0002 seeded it
    Synonym.objects.filter(term="학폭").update(expansions="학교폭력, 따돌림, 괴롭힘")
    cleaning.clean(apps, None)
    assert Synonym.objects.get(term="스토킹").expansions == "스토킹범죄"
    assert not Synonym.objects.filter(term="음주운전").exists()
    assert Synonym.objects.get(term="학폭").expansions == "학교폭력"
