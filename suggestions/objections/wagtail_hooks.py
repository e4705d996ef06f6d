"""Wagtail wiring for 만족도·이의신청 (imported by suggestions/wagtail_hooks.py)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partners import access

from . import admin_views


@hooks.register("register_admin_urls")
def register_objection_urls():
    return [
        path(
            "objections/",
            include((admin_views.urls, "suggestions_objections"), namespace="suggestions_objections"),
        )
    ]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_use_inbox(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_objection_menu_item():
    return InboxMenuItem(_("만족도·이의신청"), reverse("suggestions_objections:index"), icon_name="help", order=152)
