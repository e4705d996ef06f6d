"""SQL queries per page do not grow with the length of the list it shows (no N+1).
Counted with CaptureQueriesContext; the page is rendered with 3 items and again with 30."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from suggestions.models import Suggestion
from tests.world import World

pytestmark = pytest.mark.django_db

PAGES = {
    "suggestion list": ("partner_member", "/suggestions/"),
    "my suggestions": ("partner_member", "/suggestions/mine/"),
    "notifications": ("partner_member", "/suggestions/notifications/"),
    "department inbox": ("officer_traffic", "/suggestions/departments/"),
    "HQ overview": ("hq", "/suggestions/hq/"),
    "home": ("partner_member", "/"),
}


def _file(world: World, n: int) -> None:
    for i in range(n):
        world.file(
            world.member if i % 2 else world.representative,
            place=False,
            kind=Suggestion.Kind.PROPOSAL,
            title=f"횡단보도 신호 {i}",
            body="<p>보행 신호가 짧아요.</p>",
        )


def _count(client: Client, url: str) -> int:
    client.get(url)  # warm per-process caches (ContentTypes, Wagtail site)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_list_length(world):
    from demo.announcements import seed_pages

    seed_pages()
    clients = {}
    for username in {u for u, _ in PAGES.values()}:
        clients[username] = Client()
        clients[username].force_login(world.users[username])
    _file(world, 4)
    few = {page: _count(clients[username], url) for page, (username, url) in PAGES.items()}
    _file(world, 36)
    many = {page: _count(clients[username], url) for page, (username, url) in PAGES.items()}
    grown = {page: (few[page], many[page]) for page in PAGES if many[page] > few[page] + 1}
    assert not grown, f"queries with 4 vs 40 suggestions: {grown}"
