"""search subscribes to the apps below it: suggestion changes (suggestions.signals) and announcement
page events (publish, unpublish, delete, view-restriction changes). Each receiver runs inside the
sender's transaction and only queues indexing through the outbox, so the document follows the
commit (nothing on a rollback) and an outage only delays it.

Wagtail's page signals are used rather than admin hooks so that publishing from code, the
scheduler or a management command is covered too.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from announcements.models import PolicyAnnouncementPage
from suggestions.signals import suggestion_changed

from .doc_builders import announcement_ids_under
from .indexing import schedule_announcement_index, schedule_suggestion_index


def index_changed_suggestions(sender: Any, suggestion_ids: list[int], **kwargs: Any) -> None:
    for suggestion_id in dict.fromkeys(suggestion_ids):
        schedule_suggestion_index(suggestion_id)


def index_announcement_page(sender: Any, instance: Page, **kwargs: Any) -> None:
    """Published → indexed; unpublished or deleted → the task removes the document."""
    schedule_announcement_index(instance.pk)


def index_restricted_pages(sender: Any, instance: PageViewRestriction, **kwargs: Any) -> None:
    """A view restriction covers its page and every descendant: their audience changed."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # the page itself is being deleted: its own delete signal queues it
        return
    for page_id in announcement_ids_under(page):
        schedule_announcement_index(page_id)


def connect() -> None:
    suggestion_changed.connect(index_changed_suggestions, dispatch_uid="search.suggestion_changed")
    for name, signal in (("published", page_published), ("unpublished", page_unpublished), ("deleted", post_delete)):
        signal.connect(index_announcement_page, sender=PolicyAnnouncementPage, dispatch_uid=f"search.page.{name}")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(index_restricted_pages, sender=PageViewRestriction, dispatch_uid=f"search.restriction.{name}")
