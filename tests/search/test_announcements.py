"""Policy announcements are indexed into the project's own documents (Wagtail's page search stays
on its database backend) with the page's audience as access tokens."""

import pytest

from partners.access import ANONYMOUS, principal_for
from search import indexing, selectors

pytestmark = pytest.mark.django_db


def test_announcements_indexed_searchable_and_access_filtered(search_index):
    from announcements.models import PolicyAnnouncementPage
    from demo.announcements import seed_pages
    from demo.partners import seed_people

    seed_people()
    seed_pages()
    pages = list(PolicyAnnouncementPage.objects.live())
    assert len(pages) >= 4
    assert indexing.reconcile([indexing.ANNOUNCEMENTS]) == {indexing.ANNOUNCEMENTS: len(pages)}
    search_index.indices.refresh(index=selectors.index_name(indexing.ANNOUNCEMENTS))
    assert indexing.check(indexing.ANNOUNCEMENTS) == {"missing": [], "stale": [], "extra": []}

    found = selectors.search_announcements(ANONYMOUS, "스쿨존")  # synonym → 어린이보호구역
    assert found and "어린이 보호구역" in found[0]["title"]
    assert selectors.search_announcements(ANONYMOUS, "보이스피싱을")[0]["title"] == "수사 국민 신뢰 향상 방안"
    # The partners-only page: not for anonymous visitors, found by a partner member.
    assert not [a for a in selectors.search_announcements(ANONYMOUS, "스토킹") if "관계성" in a["title"]]
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username="partner_member")
    assert "관계성" in selectors.search_announcements(principal_for(member), "스토킹 교제폭력")[0]["title"]

    # Unpublishing removes the document (the task deletes what is no longer live).
    page = pages[0]
    page.unpublish()
    assert indexing.index_announcement(page.pk, refresh=True) is False
    assert not search_index.exists(index=selectors.index_name(indexing.ANNOUNCEMENTS), id=str(page.pk))
