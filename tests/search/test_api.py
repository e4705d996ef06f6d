"""The HQ search API (token-authenticated) exactly as the issue's Interfaces section."""

import pytest
from rest_framework.authtoken.models import Token

from tests.search.conftest import OWN, index_all

pytestmark = pytest.mark.django_db


def _api(world, client, dataset):
    by_ref = dataset.load(world)
    index_all()
    token = Token.objects.create(user=world.hq)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client, by_ref


@pytest.fixture
def api(world, search_index, client, dataset):
    """The API on the own corpus, and on the shared sample too when present."""
    return _api(world, client, dataset)


@pytest.fixture
def own_api(world, search_index, client):
    """The API on the own corpus only (for checks that do not depend on the data)."""
    return _api(world, client, OWN)


def test_search_suggestions(api, dataset):
    client, _ = api
    response = client.get("/api/v1/search/suggestions", {"q": "가로등이", "size": 5})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] >= 5 and len(data["results"]) == 5
    hit = data["results"][0]
    assert {"id", "ref", "title", "snippet", "score"} <= set(hit)
    assert hit["ref"].startswith(dataset.ref_prefix) and hit["score"] > 0
    assert set(data["facets"]) == {"field", "kind", "status", "department", "group", "district", "station", "month"}
    assert all({"key", "count"} == set(b) for b in data["facets"]["field"])

    filtered = client.get(
        "/api/v1/search/suggestions",
        {"field": "교통", "kind": "field_report", "date_from": "2026-01-01", "date_to": "2026-06-30", "page": 1},
    ).json()
    assert filtered["count"] > 0
    assert all(r["field"] == "교통" and r["kind"] == "field_report" for r in filtered["results"])
    assert all("2025-12-31" <= r["created"][:10] <= "2026-06-30" for r in filtered["results"])


@pytest.mark.parametrize(
    "params,bad",
    [
        ({"date_from": "2026-02-30"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"size": "0"}, "size"),
        ({"size": "101"}, "size"),
        ({"page": "x"}, "page"),
        ({"date_from": "2026-03-01", "date_to": "2026-02-01"}, "date_to"),
    ],
)
def test_bad_parameters_are_clear_400s(own_api, params, bad):
    client, _ = own_api
    response = client.get("/api/v1/search/suggestions", params)
    assert response.status_code == 400
    assert bad in response.json()["errors"]


def test_themes(api):
    client, _ = api
    data = client.get("/api/v1/search/themes", {"date_from": "2026-06-01", "date_to": "2026-08-31", "size": 10}).json()
    assert set(data) >= {"themes", "rising"}
    fields = {"key", "label", "terms", "kind", "count", "groups", "members", "months", "score"}
    assert all(set(t) == fields for t in data["themes"] + data["rising"])
    assert data["themes"] and len(data["themes"]) <= 10
    assert client.get("/api/v1/search/themes", {"size": "51"}).status_code == 400
    assert client.get("/api/v1/search/themes", {"date_to": "31-08-2026"}).status_code == 400


def test_similar(api, dataset):
    client, by_ref = api
    a, b = dataset.pairs[0]
    data = client.get(f"/api/v1/suggestions/{by_ref[a].pk}/similar", {"size": 3}).json()
    assert [set(r) for r in data["results"]] == [{"id", "ref", "score"} | {"title", "status", "url"}] * 3
    assert data["results"][0]["ref"] == b
    assert client.get("/api/v1/suggestions/99999999/similar").status_code == 404
    assert client.get(f"/api/v1/suggestions/{by_ref[a].pk}/similar", {"size": "-1"}).status_code == 400


def test_hq_role_required(world, search_index, client):
    member_token = Token.objects.create(user=world.member)
    assert client.get("/api/v1/search/suggestions").status_code in (401, 403)
    response = client.get("/api/v1/search/suggestions", HTTP_AUTHORIZATION=f"Token {member_token.key}")
    assert response.status_code == 403
    officer_token = Token.objects.create(user=world.officer_traffic)
    response = client.get("/api/v1/search/themes", HTTP_AUTHORIZATION=f"Token {officer_token.key}")
    assert response.status_code == 403


def test_documented_in_openapi_schema(world, client):
    client.force_login(world.hq)
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    import json

    schema = json.loads(response.content)
    paths = schema["paths"]
    for path in ("/api/v1/search/suggestions", "/api/v1/search/themes", "/api/v1/suggestions/{id}/similar"):
        assert path in paths, sorted(paths)
    names = {p["name"] for p in paths["/api/v1/search/suggestions"]["get"]["parameters"]}
    assert {
        "q",
        "field",
        "kind",
        "status",
        "department",
        "group",
        "district",
        "date_from",
        "date_to",
        "page",
        "size",
    } <= names
