"""Policy announcements are indexed into the project's own documents (Wagtail's page search stays
on its database backend) with the page's audience as access tokens."""

import pytest

from partners.access import ANONYMOUS, principal_for
from search import indexing
from search.client import index_name
from search.topics import search_announcements

pytestmark = pytest.mark.django_db


def test_announcements_indexed_searchable_and_access_filtered(world, search_index):
    from announcements.models import PolicyAnnouncementPage
    from demo.announcements import seed_pages

    seed_pages()
    pages = list(PolicyAnnouncementPage.objects.live())
    assert len(pages) >= 4
    assert indexing.reconcile([indexing.ANNOUNCEMENTS]) == {indexing.ANNOUNCEMENTS: len(pages)}
    search_index.indices.refresh(index=index_name(indexing.ANNOUNCEMENTS))
    assert indexing.check(indexing.ANNOUNCEMENTS) == {"missing": [], "stale": [], "extra": []}

    found = search_announcements(ANONYMOUS, "스쿨존")  # synonym → 어린이보호구역
    assert found and "어린이 보호구역" in found[0]["title"]
    assert search_announcements(ANONYMOUS, "보이스피싱을")[0]["title"] == "수사 국민 신뢰 향상 방안"
    # The partners-only page: not for anonymous visitors, found by a partner member.
    assert not [a for a in search_announcements(ANONYMOUS, "스토킹") if "관계성" in a["title"]]
    member = world.member
    assert "관계성" in search_announcements(principal_for(member), "스토킹 교제폭력")[0]["title"]

    # Unpublishing removes the document (the task deletes what is no longer live).
    page = pages[0]
    page.unpublish()
    assert indexing.index_announcement(page.pk, refresh=True) is False
    assert not search_index.exists(index=index_name(indexing.ANNOUNCEMENTS), id=str(page.pk))


def _run_queued_indexing() -> set[int]:
    """Run the index_announcement tasks the outbox holds (on_commit never fires inside a test's
    transaction), the way the worker would; returns the page ids they were for."""
    from core.models import OutboxMessage

    queued = OutboxMessage.objects.filter(task_name="search.index_announcement", published_at__isnull=True)
    ids = {message.args[0] for message in queued}
    for page_id in sorted(ids):
        indexing.index_announcement(page_id, refresh=True)
    queued.delete()
    return ids


def _indexed(es, page) -> dict | None:
    response = es.options(ignore_status=404).get(index=index_name(indexing.ANNOUNCEMENTS), id=str(page.pk))
    return response["_source"] if response.get("found") else None


def test_unpublish_delete_and_privacy_changes_follow_the_page(world, search_index):
    """Page events reach the index through search.receivers: publishing, making a page private
    (on the page or an ancestor) and public again, unpublishing and deleting."""
    from wagtail.models import Page, PageViewRestriction

    from announcements.models import AnnouncementIndexPage, PolicyAnnouncementPage
    from demo.announcements import restrict_to_partners, seed_pages

    seed_pages()
    pages = list(PolicyAnnouncementPage.objects.live().order_by("pk"))
    assert _run_queued_indexing() == {p.pk for p in pages}  # published → queued
    member = world.principal(world.member)
    public = next(p for p in pages if not p.is_partners_only)
    assert _indexed(search_index, public)["access"] == ["public"]

    def found(principal, page) -> bool:
        return page.pk in {a["id"] for a in search_announcements(principal, page.title, size=20)}

    assert found(ANONYMOUS, public)

    # Made private after publishing: re-indexed for partners, gone for anonymous visitors.
    restriction = restrict_to_partners(public)
    assert _run_queued_indexing() == {public.pk}
    assert _indexed(search_index, public)["access"] == ["partners"]
    assert not found(ANONYMOUS, public) and found(member, public)
    assert indexing.check(indexing.ANNOUNCEMENTS) == {"missing": [], "stale": [], "extra": []}

    # Public again when the restriction is removed.
    restriction.delete()
    assert _run_queued_indexing() == {public.pk}
    assert found(ANONYMOUS, public)

    # A restriction on an ancestor covers every announcement below it.
    index_page = AnnouncementIndexPage.objects.get()
    ancestor_restriction = PageViewRestriction.objects.create(
        page=index_page, restriction_type=PageViewRestriction.LOGIN
    )
    assert _run_queued_indexing() == {p.pk for p in pages}
    assert not search_announcements(ANONYMOUS, "")
    ancestor_restriction.delete()
    assert _run_queued_indexing() == {p.pk for p in pages}

    # Unpublished → queued → the document is removed.
    unpublished, deleted = pages[1], pages[2]
    unpublished.unpublish()
    assert _run_queued_indexing() == {unpublished.pk}
    assert _indexed(search_index, unpublished) is None
    assert not found(member, unpublished)

    # Deleted (Wagtail deletes through the base Page) → queued → removed.
    Page.objects.get(pk=deleted.pk).delete()
    assert _run_queued_indexing() == {deleted.pk}
    assert _indexed(search_index, deleted) is None
    assert indexing.check(indexing.ANNOUNCEMENTS) == {"missing": [], "stale": [], "extra": []}


def test_announcement_audience_fails_closed(world, search_index, monkeypatch):
    """When the page's audience cannot be determined the document is for the police only."""
    from announcements.models import PolicyAnnouncementPage
    from demo.announcements import seed_pages
    from partners.access import POLICE
    from search.doc_builders import build_announcement_doc

    seed_pages()
    page = PolicyAnnouncementPage.objects.live().first()
    assert build_announcement_doc(page)["access"] in (["public"], ["partners"])

    def unknown(self):
        raise RuntimeError("restrictions unreadable")

    monkeypatch.setattr(PolicyAnnouncementPage, "access_tokens", property(unknown))
    assert build_announcement_doc(page)["access"] == [POLICE]
    monkeypatch.setattr(PolicyAnnouncementPage, "access_tokens", property(lambda self: []))
    assert build_announcement_doc(page)["access"] == [POLICE]
    indexing.index_announcement(page.pk, refresh=True)
    assert page.pk not in {a["id"] for a in search_announcements(ANONYMOUS, page.title)}
