"""Wagtail admin: police stations and the 자치구 / 법정동 each covers (administrators edit them)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from partners import access

from .models import PoliceStation


class StationPolicy(BasePermissionPolicy):
    """Every police user may look; administrators change (partners.access.can_manage_stations)."""

    def user_has_permission(self, user, action):
        if not (user and user.is_authenticated):
            return False
        p = access.principal_for(user)
        return access.can_use_inbox(p) if action == "view" else access.can_manage_stations(p)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(is_active=True, is_superuser=True)


register_permission_policy(PoliceStation, StationPolicy(PoliceStation))


class PoliceStationViewSet(SnippetViewSet):
    model = PoliceStation
    icon = "site"
    menu_label = _("경찰서 관할")
    list_display = ["name", "note"]
    search_fields = ["name"]
    search_backend_name = None
    add_to_admin_menu = True
    menu_order = 154
    panels = [
        FieldPanel("name"),
        FieldPanel("note"),
        InlinePanel("areas", label=_("관할 구역 (자치구 전체 또는 법정동)")),
    ]


register_snippet(PoliceStationViewSet)
