"""Filing a proposal on a policy announcement (issue 13): the link is kept for a partners-only
announcement the filer may see; a page that is not an open policy announcement is refused with a
clear error, on the site and through the API, and nothing is filed (the typed text stays in the form)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from announcements.models import PolicyAnnouncementPage
from demo.announcements import seed_pages
from suggestions.models import Suggestion


@pytest.fixture
def pages(world):
    seed_pages()
    live = PolicyAnnouncementPage.objects.live()
    return {
        "partners": live.not_public().filter(open_until__isnull=False).get(),
        "public": live.public().filter(open_until__isnull=False).first(),
        "home": Page.objects.live().public().exclude(depth=1).exclude(pk__in=live.values("pk")).first(),
    }


def _post(client, world, page_id, title):
    return client.post(
        reverse("suggestions:create") + f"?announcement={page_id}",
        {
            "kind": "proposal",
            "title": title,
            "body": "공지에 대한 의견입니다",
            "field": world.fields["교통"].pk,
            "group": world.group.pk,
            "visibility": "partners",
            "announcement": page_id,
        },
    )


@pytest.mark.django_db
def test_a_proposal_filed_on_a_partners_only_announcement_keeps_its_link(client, world, pages):
    page = pages["partners"]
    assert page.is_open_for_proposals
    client.force_login(world.member)
    form = client.get(reverse("suggestions:create"), {"announcement": page.pk}).content.decode()
    assert page.title in form and f'value="{page.pk}"' in form
    response = _post(client, world, page.pk, "파트너스 공지에 대한 제안")
    assert response.status_code == 302
    assert Suggestion.objects.get(title="파트너스 공지에 대한 제안").announcement_id == page.pk


@pytest.mark.django_db
def test_a_closed_announcement_is_refused_with_a_clear_error_and_nothing_is_filed(client, world, pages):
    page = pages["public"]
    PolicyAnnouncementPage.objects.filter(pk=page.pk).update(
        open_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(world.member)
    shown = client.get(reverse("suggestions:create"), {"announcement": page.pk}).content.decode()
    assert "제안 접수가 마감된 공지입니다" in shown
    response = _post(client, world, page.pk, "마감된 공지에 대한 제안")
    assert response.status_code == 200  # the form again, with what the member typed
    body = response.content.decode()
    assert "제안 접수가 마감된 공지입니다" in body and "마감된 공지에 대한 제안" in body
    assert not Suggestion.objects.filter(title="마감된 공지에 대한 제안").exists()
    assert '<input type="hidden" name="announcement" id="id_announcement">' in body  # the link is dropped
    again = _post(client, world, "", "마감된 공지에 대한 제안")  # sent again as the form now stands
    assert again.status_code == 302
    assert Suggestion.objects.get(title="마감된 공지에 대한 제안").announcement_id is None


@pytest.mark.django_db
def test_a_page_that_is_not_a_policy_announcement_is_refused(client, world, pages):
    client.force_login(world.member)
    response = _post(client, world, pages["home"].pk, "공지가 아닌 페이지")
    assert response.status_code == 200
    assert "정책 공지를 찾을 수 없습니다" in response.content.decode()
    assert not Suggestion.objects.filter(title="공지가 아닌 페이지").exists()


@pytest.mark.django_db
def test_the_api_keeps_the_partners_only_link_and_refuses_closed_and_invisible_pages(client, world, pages):
    url = "/api/v1/suggestions/"
    data = {"kind": "proposal", "body": "의견", "field": world.fields["교통"].slug}
    client.force_login(world.member)
    ok = client.post(url, {**data, "title": "API 파트너스 공지", "announcement": pages["partners"].pk})
    assert ok.status_code == 201, ok.content
    assert Suggestion.objects.get(pk=ok.json()["id"]).announcement_id == pages["partners"].pk

    bad = client.post(url, {**data, "title": "API 공지 아님", "announcement": pages["home"].pk})
    assert bad.status_code == 400 and "announcement" in bad.json()
    PolicyAnnouncementPage.objects.filter(pk=pages["public"].pk).update(open_until=None)
    closed = client.post(url, {**data, "title": "API 마감", "announcement": pages["public"].pk})
    assert closed.status_code == 400 and "announcement" in closed.json()
    assert not Suggestion.objects.filter(title__in=["API 공지 아님", "API 마감"]).exists()


@pytest.mark.django_db
def test_a_partners_only_announcement_is_not_found_for_someone_who_may_not_see_it(world, pages):
    from django.core.exceptions import ValidationError

    from suggestions import selectors

    with pytest.raises(ValidationError) as refused:
        selectors.proposal_announcement(world.principal(world.outsider), pages["partners"].pk)
    assert "정책 공지를 찾을 수 없습니다" in str(refused.value)  # the same words as a missing page
    shown = selectors.proposal_announcement(world.principal(world.member), pages["partners"].pk)
    assert shown is not None and shown.pk == pages["partners"].pk
    assert selectors.proposal_announcement(world.principal(world.member), "") is None
