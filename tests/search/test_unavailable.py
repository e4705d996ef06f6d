"""Reads never write: without `search_setup` (no alias) search reads answer "search unavailable"
(503 on the HQ pages and the API) and create nothing."""

import pytest
from rest_framework.authtoken.models import Token

from search.client import SearchIndexMissing, index_name
from search.indices import KINDS
from search.params import SearchParams
from search.topics import search_suggestions

pytestmark = pytest.mark.django_db


def test_missing_alias_is_unavailable_and_not_created(world, clean_es, client):
    with pytest.raises(SearchIndexMissing):
        search_suggestions(world.principal(world.hq), SearchParams(q="가로등"))
    client.force_login(world.hq)
    for path in ("/hq/", "/hq/themes/", "/hq/hotspots/", "/hq/export.csv"):
        assert client.get(path, {"q": "가로등"}).status_code == 503, path
    client.logout()
    token = Token.objects.create(user=world.hq)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    for path in ("/api/v1/search/suggestions", "/api/v1/search/themes", "/api/v1/search/announcements"):
        response = client.get(path, {"q": "가로등"}, **headers)
        assert response.status_code == 503 and response.json()["detail"], path
    for kind in KINDS:
        assert not clean_es.indices.exists(index=index_name(kind))  # no alias, no auto-created index
