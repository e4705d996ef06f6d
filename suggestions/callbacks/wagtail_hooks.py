"""청렴 콜 in the Wagtail admin: its URLs and two menu items (the queue for 민원 점검관 / HQ / admins;
the department's relays for officers and heads). Imported by suggestions.wagtail_hooks."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partners import access

from . import admin_views


@hooks.register("register_admin_urls")
def register_callback_urls():
    return [path("callbacks/", include((admin_views.urls, "callbacks_admin"), namespace="callbacks_admin"))]


class CallbackMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_work_callbacks(access.principal_for(request.user))


class RelayMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_view_relays(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_callback_menu_item():
    return CallbackMenuItem(_("청렴 콜"), reverse("callbacks_admin:queue"), icon_name="mail", order=156)


@hooks.register("register_admin_menu_item")
def register_relay_menu_item():
    return RelayMenuItem(_("청렴 콜 회신 요청"), reverse("callbacks_admin:relays"), icon_name="mail", order=157)
