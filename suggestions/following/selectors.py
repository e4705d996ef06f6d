"""Reads of 팔로우·대화·반영: who follows, the thread as a viewer may see it, the public list of
implemented proposals (masked for everyone but the police)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from partners import access

from ..models import Suggestion
from ..selectors import shown_text
from .models import Follow, Implementation, ThreadMessage

IMPLEMENTED_PER_PAGE = 20


def is_following(principal: access.Principal, s: Suggestion) -> bool:
    return principal.user_id is not None and Follow.objects.filter(suggestion=s, user_id=principal.user_id).exists()


def followers_to_notify(s: Suggestion) -> list[Any]:
    """Active followers (not the author, told as the proposer) who may still see the suggestion: a
    follower who left the partner group, or a proposal now police-only or hidden, is not told."""
    users = (
        get_user_model()
        .objects.filter(pk__in=Follow.objects.filter(suggestion=s).values("user_id"), is_active=True)
        .exclude(pk=s.author_id or 0)
    )
    return [u for u in users.order_by("pk") if access.can_view_suggestion(access.principal_for(u), s)]


def thread(s: Suggestion, principal: access.Principal) -> list[ThreadMessage]:
    """The private thread (callers check `access.can_read_thread`); bodies masked for non-police."""
    out = list(ThreadMessage.objects.filter(suggestion=s).select_related("author", "department"))
    for m in out:
        cast(Any, m).shown_body = shown_text(m.body, principal)
    return out


def implemented(principal: access.Principal) -> QuerySet[Implementation]:
    """반영 records of proposals the principal may see (anonymous: public ones only), newest first."""
    return (
        Implementation.objects.filter(
            access.visible_suggestions_q(principal, prefix="suggestion__"),
            suggestion__status=Suggestion.Status.IMPLEMENTED,
        )
        .select_related("suggestion", "suggestion__field", "department", "announcement")
        .order_by("-implemented_on", "-id")
    )


def implemented_page(principal: access.Principal, number: Any) -> Page:
    """One page of `implemented`, each row with `shown_title` / `shown_summary` (a fixed number of queries)."""
    page = Paginator(implemented(principal), IMPLEMENTED_PER_PAGE).get_page(number)
    for row in page.object_list:
        cast(Any, row).shown_title = shown_text(row.suggestion.title, principal)
        cast(Any, row).shown_summary = shown_text(row.summary, principal)
    return page


def implementation_of(s: Suggestion) -> Implementation | None:
    return Implementation.objects.filter(suggestion=s).select_related("department", "announcement").first()
