"""Wagtail page types: the home page, the announcement index and policy announcements.

Partners-only announcements use Wagtail page privacy (a PageViewRestriction with the auth groups
kept in step by partners.services); announcements open for proposals link to the proposal form
and list the proposals filed on them, filtered through partners.access.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .page_cache import fragment_key as announcement_fragment_key


class HomePage(Page):
    intro = RichTextField(_("소개"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["announcements.AnnouncementIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("홈 페이지")

    def get_context(self, request, *args, **kwargs):
        from .selectors import latest_announcements, quick_links

        context = super().get_context(request, *args, **kwargs)
        # Lazy: read only when the cached fragment is missing (core.page_cache).
        context["announcements"] = SimpleLazyObject(lambda: latest_announcements(request.user, limit=5))
        context["quick_links"] = quick_links(request.user)  # per user: outside the fragment
        context["page_cache"] = announcement_fragment_key(request.user)
        return context


class AnnouncementIndexPage(Page):
    intro = RichTextField(_("소개"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["announcements.HomePage"]
    subpage_types = ["announcements.PolicyAnnouncementPage"]

    class Meta:
        verbose_name = _("정책 공지 목록")

    def get_context(self, request, *args, **kwargs):
        from .selectors import announcements_for

        context = super().get_context(request, *args, **kwargs)
        context["announcements"] = SimpleLazyObject(lambda: announcements_for(request.user, parent=self))
        context["page_cache"] = announcement_fragment_key(request.user, stamp=str(self.pk))
        return context


class PolicyAnnouncementPage(Page):
    summary = models.TextField(_("요약"), max_length=500)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("소제목"), form_classname="title")),
            (
                "paragraph",
                blocks.RichTextBlock(label=_("문단"), features=["bold", "italic", "link", "ol", "ul"]),
            ),
            ("quote", blocks.BlockQuoteBlock(label=_("인용"))),
        ],
        blank=True,
        verbose_name=_("본문"),
    )
    fields = ParentalManyToManyField("partners.Field", blank=True, related_name="announcements", verbose_name=_("분야"))
    department = models.ForeignKey(
        "partners.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="announcements",
        verbose_name=_("담당 부서"),
    )
    open_until = models.DateField(
        _("제안 접수 마감일"), null=True, blank=True, help_text=_("비워 두면 제안을 받지 않습니다.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("fields", widget=forms.CheckboxSelectMultiple),
        FieldPanel("department"),
        FieldPanel("open_until"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["announcements.AnnouncementIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("정책 공지")
        verbose_name_plural = _("정책 공지")

    @property
    def is_open_for_proposals(self) -> bool:
        return self.open_until is not None and self.open_until >= timezone.localdate()

    @property
    def is_partners_only(self) -> bool:
        """Audience via Wagtail page privacy (on this page or an ancestor)."""
        return bool(self.get_view_restrictions())

    @property
    def access_tokens(self) -> list[str]:
        """Search-index access tokens (partners.access rule): ["partners"] for partners-only pages."""
        from partners.access import PARTNERS, PUBLIC, visibility_tokens

        return visibility_tokens(PARTNERS if self.is_partners_only else PUBLIC, None)

    @property
    def proposal_url(self) -> str:
        return f"{reverse('suggestions:create')}?announcement={self.pk}"

    def days_left(self, today: datetime.date | None = None) -> int | None:
        if self.open_until is None:
            return None
        return (self.open_until - (today or timezone.localdate())).days

    def get_context(self, request, *args, **kwargs):
        from .selectors import proposals_on

        context = super().get_context(request, *args, **kwargs)
        context["proposals"] = proposals_on(self, request.user)  # per user: outside the fragment
        # The header and body are the same for everyone Wagtail lets in (privacy is checked before serve).
        context["page_cache"] = announcement_fragment_key(None, stamp=str(self.pk))
        return context
