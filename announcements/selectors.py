"""Reads for announcements: what a visitor may list, and the proposals filed on an announcement."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from partners import access


@dataclass(frozen=True)
class ProposalRow:
    id: int
    title: str
    status: str
    status_label: str
    created_at: object


def announcements_for(user, parent: Page | None = None, limit: int | None = None) -> list:
    """Live policy announcements the user may open, newest first; partners-only ones flagged."""
    from wagtail.models import PageViewRestriction

    from .models import PolicyAnnouncementPage

    # Wagtail's public()/not_public() rule (a page inside a restricted section: its path starts with
    # the restricted page's path), with the restricted paths read once instead of once per call.
    restricted_paths = list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())
    queryset = PolicyAnnouncementPage.objects.live()
    if parent is not None:
        queryset = queryset.descendant_of(parent)
    if restricted_paths and not access.can_view_partners_only_pages(access.principal_for(user)):
        private = Q()
        for path in restricted_paths:
            private |= Q(path__startswith=path)
        queryset = queryset.exclude(private)
    queryset = queryset.order_by("-first_published_at", "-id")
    if limit:
        queryset = queryset[:limit]
    pages = list(queryset.select_related("department").prefetch_related("fields"))
    for page in pages:
        page.partners_only = any(page.path.startswith(path) for path in restricted_paths)
    return pages


def latest_announcements(user, limit: int = 5) -> list:
    return announcements_for(user, limit=limit)


def quick_links(user) -> list[tuple[str, str]]:
    """Shortcuts on the home page for logged-in users, by role."""
    principal = access.principal_for(user)
    links: list[tuple[str, str]] = []
    if not principal.is_authenticated:
        return links
    if access.can_file(principal):
        links += [(_("제안하기"), reverse("suggestions:create")), (_("내 제안"), reverse("suggestions:mine"))]
    if access.can_manage_some_group(principal):
        links.append((_("우리 단체 관리"), reverse("partners:mine")))
    if principal.is_officer:
        links.append((_("부서 제안함"), reverse("suggestions:list")))
    if principal.can_view_hq:
        links.append((_("본청 주제 검색"), reverse("search:search")))
    if access.needs_second_factor(principal):
        links.append((_("2단계 인증 설정"), reverse("partners:otp_setup")))
    if access.can_access_wagtail_admin(principal):
        links.append((_("관리자 화면 (Wagtail)"), reverse("wagtailadmin_home")))
    links.append((_("정책 공지"), "/announcements/"))  # a Wagtail page: it has a path, not a URL name
    return links


def proposals_on(page: Page, user, limit: int = 50) -> list[ProposalRow]:
    """Proposals filed on an announcement that the user may see; titles masked for non-police."""
    from suggestions.models import Suggestion
    from suggestions.selectors import shown_text, visible_suggestions

    principal = access.principal_for(user)
    queryset = (
        visible_suggestions(principal)
        .filter(announcement_id=page.pk)
        .exclude(status=Suggestion.Status.WITHDRAWN)[:limit]
    )
    rows = []
    for suggestion in queryset:
        rows.append(
            ProposalRow(
                id=suggestion.pk,
                title=shown_text(suggestion.title, principal),
                status=suggestion.status,
                status_label=suggestion.get_status_display(),
                created_at=suggestion.created_at,
            )
        )
    return rows
