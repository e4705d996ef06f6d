"""The announcement pages' cached fragments (core.page_cache): their key, and the Wagtail events
that retire them (publish, unpublish, delete, a privacy change: any of them can change a list)."""

from __future__ import annotations

from django.db import transaction

from core import page_cache
from partners import access

SCOPE = "announcements"


def fragment_key(user, stamp: str = "") -> str | None:
    """Per audience (partners-only announcements), or for everyone when `user` is None."""
    audience = access.page_audience(access.principal_for(user)) if user is not None else "any"
    return page_cache.vary(SCOPE, audience, stamp)


def retire_fragments(**kwargs) -> None:
    # After commit: a reader between the write and the commit would cache the old list again.
    transaction.on_commit(lambda: page_cache.bump(SCOPE))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(retire_fragments, dispatch_uid="announcements.cache.published")
    page_unpublished.connect(retire_fragments, dispatch_uid="announcements.cache.unpublished")
    post_delete.connect(retire_fragments, sender=Page, dispatch_uid="announcements.cache.deleted")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(retire_fragments, sender=PageViewRestriction, dispatch_uid=f"announcements.cache.privacy.{name}")
