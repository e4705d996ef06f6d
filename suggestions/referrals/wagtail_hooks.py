"""Wagtail admin of the POST-CSO loop: the agency directory and the CPTED checklist (HQ edits them)
and HQ's open-referrals table. Imported by suggestions.wagtail_hooks."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from partners import access

from ..wagtail_hooks import AccessPolicy
from . import admin_views
from .models import Agency, ChecklistItem

register_permission_policy(Agency, AccessPolicy(Agency, access.can_manage_referral_directory))
register_permission_policy(ChecklistItem, AccessPolicy(ChecklistItem, access.can_manage_referral_directory))


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "mail"
    menu_label = _("관계기관")
    list_display = ["name", "kind", "email", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    search_backend_name = None
    add_to_admin_menu = True
    menu_order = 156


class ChecklistItemViewSet(SnippetViewSet):
    model = ChecklistItem
    icon = "list-ul"
    menu_label = _("CPTED 점검 항목")
    list_display = ["label", "order", "active"]
    list_filter = ["active"]
    search_backend_name = None
    add_to_admin_menu = True
    menu_order = 157


register_snippet(AgencyViewSet)
register_snippet(ChecklistItemViewSet)


@hooks.register("register_admin_urls")
def register_referral_urls():
    return [path("referrals/open/", admin_views.open_referrals, name="referrals_open")]


class HQMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_view_open_referrals(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_open_referrals_menu_item():
    return HQMenuItem(_("관계기관 통보 현황"), reverse("referrals_open"), icon_name="mail", order=158)
