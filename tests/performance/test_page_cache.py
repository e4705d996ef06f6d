"""Role-level page fragments (core.page_cache): shared by everyone with the same audience label,
never one user's data to another, retired on publish, off with the PAGE_CACHE knob."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from announcements.models import PolicyAnnouncementPage
from demo.announcements import restrict_to_partners, seed_pages
from suggestions import public_stats

pytestmark = pytest.mark.django_db
PRIVATE = "관계성 범죄 대응 강화 (파트너스 공유)"  # the demo's partners-only announcement
PUBLIC = "교통 Re-디자인: 어린이 보호구역과 생활도로 안전"
PAGES = ("/", "/announcements/")


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pages(world):
    seed_pages()
    return world


def _client(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url)
    return len(ctx.captured_queries)


def test_audiences_get_their_own_fragment(page_cache_on, pages):
    anonymous, partner, police = _client(), _client(pages.member), _client(pages.officer_traffic)
    for url in PAGES:
        # Each audience warms the cache in turn; the next one must still get its own list.
        first = _get(anonymous, url)
        assert PUBLIC in first and PRIVATE not in first
        assert PRIVATE in _get(partner, url)
        assert PRIVATE in _get(police, url)
        again = _get(anonymous, url)
        assert PUBLIC in again and PRIVATE not in again
    # Cached for real: a repeat hit costs fewer queries than the one that built the fragment.
    cache.clear()
    assert _queries(anonymous, "/") > _queries(anonymous, "/")


def test_per_user_parts_stay_per_user(page_cache_on, pages):
    rep, member = _client(pages.representative), _client(pages.member)
    for url in (*PAGES, reverse("suggestions:departments")):
        rep_page, member_page = _get(rep, url), _get(member, url)  # one fragment for both (partners)
        assert "partner_rep" in rep_page and "partner_rep" not in member_page
        assert "partner_member" in member_page and "partner_member" not in rep_page


def test_csrf_works_on_cached_pages(page_cache_on, pages):
    warm = _client(pages.member)
    _get(warm, "/")
    client = _client(pages.representative, enforce_csrf_checks=True)
    html = _get(client, "/")  # the latest-announcements fragment came from `warm`'s hit
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token.group(1)})
    assert switched.status_code == 302
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 403  # still enforced
    assert 'lang="en"' in _get(client, "/")  # the language is part of the key


def test_publish_and_privacy_changes_retire_fragments(page_cache_on, pages, django_capture_on_commit_callbacks):
    anonymous = _client()
    assert PUBLIC in _get(anonymous, "/")
    page = PolicyAnnouncementPage.objects.get(title=PUBLIC)
    page.title = "교통 Re-디자인 (개정)"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "교통 Re-디자인 (개정)" in _get(anonymous, "/")
    with django_capture_on_commit_callbacks(execute=True):
        restrict_to_partners(page)
    assert "교통 Re-디자인 (개정)" not in _get(anonymous, "/")
    assert "교통 Re-디자인 (개정)" in _get(_client(pages.member), "/")


def test_the_knob_turns_caching_off(settings, pages):
    anonymous = _client()
    settings.PAGE_CACHE = True
    cache.clear()
    _get(anonymous, "/")
    # A change no publish signal reports: the cached fragment still shows the old title...
    PolicyAnnouncementPage.objects.filter(title=PUBLIC).update(title="조용히 바뀐 제목")
    assert "조용히 바뀐 제목" not in _get(anonymous, "/")
    settings.PAGE_CACHE = False  # ...and without the cache every hit reads afresh
    assert "조용히 바뀐 제목" in _get(anonymous, "/")
    cache.clear()


def test_statistics_fragment_follows_the_stored_figures(page_cache_on, pages):
    url = reverse("suggestions:departments")
    public_stats.refresh(force=True)
    anonymous = _client()
    assert "100.0%" not in _get(anonymous, url)
    s = pages.file()
    pages.file()
    from suggestions import services

    answer = services.save_answer_draft(pages.officer_traffic, s, decision="accepted", body="점검하겠습니다.")
    services.submit_answer(pages.officer_traffic, answer)
    services.approve_answer(pages.head_traffic, answer)
    assert "50.0%" not in _get(anonymous, url)  # not refreshed yet: the stored figures are shown
    public_stats.refresh()
    assert "50.0%" in _get(anonymous, url)  # a new computed_at: a new fragment
