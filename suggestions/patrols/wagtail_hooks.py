"""The "탄력순찰" admin pages and menu item (imported by suggestions.wagtail_hooks)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partners import access

from . import admin_views


@hooks.register("register_admin_urls")
def register_patrol_urls():
    return [path("patrols/", include((admin_views.urls, "suggestions_patrols"), namespace="suggestions_patrols"))]


class PatrolMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_view_patrols(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_patrol_menu_item():
    return PatrolMenuItem(_("탄력순찰"), reverse("suggestions_patrols:index"), icon_name="site", order=158)
