"""English is real: with the language cookie set to "en" the main pages show English labels (from the
shipped site/locale/en catalog) and <html lang="en">; without the cookie they stay Korean."""

import re

import pytest
from django.conf import settings

from partners.models import Field

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    return html


def visible_text(html: str) -> str:
    """Text of the page with tags, scripts and styles removed (for 'no Korean label left' checks)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def demo_site(world):
    """The demo people plus the demo pages (home, announcements): enough for these pages, and much
    faster than the full `seed_demo` (which also files and indexes the demo suggestions)."""
    from demo.announcements import seed_pages

    seed_pages()
    return world.users


def test_english_catalog_is_compiled_and_shipped():
    from django.utils import translation

    mo = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.mo"
    assert mo.exists()
    with translation.override("en"):
        assert translation.gettext("정책 공지") == "Policy announcements"
        assert translation.gettext("공감") == "Support"
        assert translation.gettext("이송 요청") == "Transfer request"
    with translation.override("ko"):
        assert translation.gettext("정책 공지") == "정책 공지"


def test_home_page_in_english(demo_site, client):
    html = page(english(client), "/")
    assert '<html lang="en">' in html
    for label in ("Skip to content", "Policy announcements", "Latest policy announcements", "Log in", "Main menu"):
        assert label in html, label
    assert "Safety Partners policy proposals" in html  # the brand tagline
    assert "최신 정책 공지" not in html and "로그인" not in visible_text(html)


def test_login_page_in_english(client):
    html = page(english(client), "/accounts/login/")
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html
    assert ">Username</label>" in html and ">Password</label>" in html
    assert "아이디" not in html and "비밀번호" not in html
    bad = english(client).post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert "The username or password is not correct." in bad.content.decode()


def test_suggestion_list_and_form_in_english(demo_site, client):
    client.force_login(demo_site["partner_member"])
    english(client)
    listing = page(client, "/suggestions/")
    assert '<html lang="en">' in listing
    for label in ("Write a new suggestion", "Filter", "My suggestions", "Notifications", "Log out"):
        assert label in listing, label
    assert re.search(r"\d+ suggestions?<", listing)  # the plural count line
    assert "새 제안 쓰기" not in listing
    # status and kind labels from the models' choices
    assert "Policy proposal" in listing or "Field report" in listing
    form = page(client, "/suggestions/new/")
    assert '<html lang="en">' in form
    for label in (
        "New suggestion",
        "Title",
        "Visibility",
        "Site details (field report)",
        "Risk type",
        "Similar suggestions",
    ):
        assert label in form, label
    assert "— choose —" in form
    assert ">Submit</button>" in form  # the button, not the status label "Submitted"
    assert "제목" not in visible_text(form) and "공개 범위" not in form


def test_form_errors_in_english(demo_site, client):
    client.force_login(demo_site["partner_member"])
    english(client)
    group = demo_site["partner_member"].memberships.first().group
    # A field report without a place: the service's own validation message, translated.
    data = {"group": group.pk, "kind": "field_report", "title": "가로등 고장", "body": "골목이 어둡습니다."}
    data.update(visibility="partners", field=Field.objects.first().pk)
    html = client.post("/suggestions/new/", data).content.decode()
    assert '<html lang="en">' in html
    assert "A field report needs a place (address or district, or a map location)." in html
    assert "현장 의견은 장소" not in html
    empty = client.post("/suggestions/new/", {"group": group.pk, "kind": "proposal"}).content.decode()
    assert "This field is required." in empty  # Django's own messages follow the language too


def test_hq_search_page_in_english(world, search_index, client):
    client.force_login(world.hq)
    html = page(english(client), "/hq/")
    assert '<html lang="en">' in html
    for label in ("HQ topic search", "Topic search", "Recurring and rising themes", "Field report map", "Search terms"):
        assert label in html, label
    assert "Relevance" in html and "Most supported" in html  # sort options
    assert "본청 주제 검색" not in html and "검색어" not in html


def test_default_stays_korean(demo_site, client):
    html = page(client, "/")
    assert '<html lang="ko">' in html
    assert "최신 정책 공지" in html and "Latest policy announcements" not in html
    client.force_login(demo_site["partner_member"])
    listing = page(client, "/suggestions/")
    assert '<html lang="ko">' in listing and "새 제안 쓰기" in listing
    assert "Write a new suggestion" not in listing


def test_switching_back_to_korean(world, client):
    english(client)
    assert "<h1>Log in</h1>" in page(client, "/accounts/login/")
    response = client.post("/i18n/setlang/", {"language": "ko", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = page(client, "/accounts/login/")
    assert '<html lang="ko">' in html and "<h1>로그인</h1>" in html


def test_javascript_strings_in_english(client):
    """Pages load Django's JavaScript catalog (an external script: strict CSP) and it carries the
    English for the strings in site/static/js (hq-charts.js, similar.js, suggestion-form.js)."""
    html = page(english(client), "/accounts/login/")
    assert '<script src="/jsi18n/"></script>' in html
    catalog = page(client, "/jsi18n/")
    assert "No data" in catalog and "Finding your location" in catalog
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert "No data" not in page(client, "/jsi18n/")
