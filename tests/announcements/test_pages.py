"""Announcement pages: listing by audience, the 제안하기 button, the proposals filed on an
announcement (visibility and masking through partners.access), and indexing on publish."""

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from announcements.models import AnnouncementIndexPage, PolicyAnnouncementPage
from core.models import OutboxMessage
from demo.announcements import seed_pages
from partners.models import Department, Field, Membership


@pytest.fixture
def pages(world):
    seed_pages()
    live = PolicyAnnouncementPage.objects.live()
    return {
        "open": live.filter(open_until__isnull=False).public().first(),
        "closed": live.filter(open_until__isnull=True).public().first(),
        "partners": live.not_public().first(),
    }


@pytest.mark.django_db
def test_anonymous_lists_only_public_announcements(client, pages):
    home = client.get("/")
    assert home.status_code == 200
    body = home.content.decode()
    assert pages["open"].title in body
    assert pages["partners"].title not in body
    assert "quick-links" not in body  # quick links are for logged-in users
    index = client.get("/announcements/").content.decode()
    assert pages["closed"].title in index and pages["partners"].title not in index


@pytest.mark.django_db
def test_member_lists_partners_only_announcement_with_badge_and_quick_links(client, world, pages):
    client.force_login(world.member)
    body = client.get("/").content.decode()
    assert pages["partners"].title in body
    assert "파트너스 전용" in body and "quick-links" in body
    assert "/suggestions/new/" in body  # quick link 제안하기
    assert client.get(pages["partners"].url).status_code == 200


@pytest.mark.django_db
def test_open_announcement_links_to_the_proposal_form_closed_one_does_not(client, pages):
    open_page = client.get(pages["open"].url).content.decode()
    assert "제안하기" in open_page
    assert f'href="/suggestions/new/?announcement={pages["open"].pk}"' in open_page
    assert pages["open"].is_open_for_proposals
    closed = client.get(pages["closed"].url).content.decode()
    assert "/suggestions/new/?announcement=" not in closed
    assert not pages["closed"].is_open_for_proposals
    pages["open"].open_until = timezone.localdate() - timezone.timedelta(days=1)
    assert not pages["open"].is_open_for_proposals


@pytest.mark.django_db
def test_proposals_on_an_announcement_follow_visibility_and_masking(client, world, pages):
    from suggestions.models import Suggestion

    page = pages["open"]
    group = Membership.objects.get(user=world.member).group
    common = {
        "body": "<p>내용</p>",
        "field": Field.objects.get(slug="traffic"),
        "group": group,
        "author": world.representative,
        "department": Department.objects.get(slug="traffic"),
        "announcement": page,
        "created_at": timezone.now(),
    }
    Suggestion.objects.create(title="신호 연장 요청 010-1234-5678", visibility="public", status="answered", **common)
    Suggestion.objects.create(title="파트너스 공유 제안", visibility="partners", **common)
    Suggestion.objects.create(title="경찰 전용 제안", visibility="police", **common)

    anonymous = client.get(page.url).content.decode()
    assert "신호 연장 요청 ***-****-****" in anonymous
    assert "010-1234-5678" not in anonymous
    assert 'data-status="answered"' in anonymous and "답변 완료" in anonymous
    assert "파트너스 공유 제안" not in anonymous and "경찰 전용 제안" not in anonymous

    client.force_login(world.member_other)
    member = client.get(page.url).content.decode()
    assert "파트너스 공유 제안" in member and "경찰 전용 제안" not in member
    assert "010-1234-5678" not in member

    client.force_login(world.officer_traffic)
    officer = client.get(page.url).content.decode()
    assert "경찰 전용 제안" in officer
    assert "010-1234-5678" in officer  # the police see the original


@pytest.mark.django_db
def test_publishing_in_the_wagtail_admin_queues_the_search_index(client, world, pages):
    client.force_login(world.admin)
    index = AnnouncementIndexPage.objects.get()
    data = nested_form_data(
        {
            "title": "자전거 도로 안전 개선",
            "slug": "bike-lane-safety",
            "summary": "자전거 도로의 위험 구간에 대한 의견을 받습니다.",
            "body": streamfield([("paragraph", rich_text("<p>한강 자전거 도로 교차 구간</p>"))]),
            "fields": [Field.objects.get(slug="traffic").pk],
            "department": Department.objects.get(slug="traffic").pk,
            "open_until": (timezone.localdate() + timezone.timedelta(days=30)).isoformat(),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/add/announcements/policyannouncementpage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PolicyAnnouncementPage.objects.get(slug="bike-lane-safety")
    assert page.live
    assert OutboxMessage.objects.filter(task_name="search.index_announcement", args=[page.pk]).exists()
    assert client.get("/announcements/bike-lane-safety/").status_code == 200


@pytest.mark.django_db
def test_access_tokens_for_the_search_index(pages):
    from partners import access

    assert pages["partners"].is_partners_only
    assert pages["partners"].access_tokens == ["partners"]
    assert pages["open"].access_tokens == ["public"]
    assert not set(pages["partners"].access_tokens) & set(access.principal_tokens(access.ANONYMOUS))
