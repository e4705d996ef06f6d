"""Wagtail admin: the department inbox (menu + views) and the editable routing rules and answer
templates. Permissions come from partners.access through small permission policies."""

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet

from partners import access

from . import delivery_admin, inbox_actions, inbox_views, moderation_admin
from .following import admin_views as following_admin  # noqa: F401  (registers its admin URLs)
from .models import AnswerTemplate, RoutingRule

inbox_urls = [
    path("", inbox_views.InboxView.as_view(), name="index"),
    path("approvals/", inbox_views.ApprovalsView.as_view(), name="approvals"),
    path("approvals/all/", inbox_views.StuckApprovalsView.as_view(), name="stuck_approvals"),
    path("bulk-receive/", inbox_views.bulk_receive, name="bulk_receive"),
    path("<int:pk>/", inbox_views.detail, name="detail"),
    path("<int:pk>/action/<slug:name>/", inbox_actions.action, name="action"),
]


delivery_urls = [
    path("", delivery_admin.failed_list, name="failed"),
    path("retry/", delivery_admin.retry, name="retry"),
]


@hooks.register("register_admin_urls")
def register_inbox_urls():
    return [
        path("inbox/", include((inbox_urls, "suggestions_inbox"), namespace="suggestions_inbox")),
        path("deliveries/", include((delivery_urls, "suggestions_deliveries"), namespace="suggestions_deliveries")),
        path(
            "moderation/",
            include((moderation_admin.urls, "suggestions_moderation"), namespace="suggestions_moderation"),
        ),
    ]


@hooks.register("insert_global_admin_css")
def inbox_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/suggestions-admin.css"))


class PoliceMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_use_inbox(access.principal_for(request.user))


class HeadMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_view_approvals(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return PoliceMenuItem(_("부서 처리함"), reverse("suggestions_inbox:index"), icon_name="tasks", order=150)


@hooks.register("register_admin_menu_item")
def register_approvals_menu_item():
    return HeadMenuItem(_("결재 대기"), reverse("suggestions_inbox:approvals"), icon_name="tick", order=151)


class ReassignerMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_reassign_approval(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_stuck_approvals_menu_item():
    url = reverse("suggestions_inbox:stuck_approvals")
    return ReassignerMenuItem(_("결재 현황 (본청)"), url, icon_name="time", order=153)


class AdminMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_manage_deliveries(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_failed_deliveries_menu_item():
    return AdminMenuItem(_("발송 실패 알림"), reverse("suggestions_deliveries:failed"), icon_name="warning", order=154)


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_moderate(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModeratorMenuItem(_("신고 검토"), reverse("suggestions_moderation:queue"), icon_name="warning", order=155)


class AccessPolicy(BasePermissionPolicy):
    """Model-level permission decided by a partners.access predicate on the Principal."""

    def __init__(self, model, predicate):
        super().__init__(model)
        self.predicate = predicate

    def user_has_permission(self, user, action):
        return bool(user and user.is_authenticated and self.predicate(access.principal_for(user)))

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, "any")

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True)
        return users.filter(pk__in=[u.pk for u in users if self.predicate(access.principal_for(u))])


class AnswerTemplatePolicy(AccessPolicy):
    """Every officer sees the templates; an existing one is changed by its department (or HQ)."""

    def user_has_permission_for_instance(self, user, action, instance):
        p = access.principal_for(user)
        if action == "view":
            return access.can_use_inbox(p)
        return access.can_view_department(p, instance.department_id)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)


# HQ edits routing rules; officers manage their department's answer templates.
register_permission_policy(RoutingRule, AccessPolicy(RoutingRule, access.can_route))
register_permission_policy(AnswerTemplate, AnswerTemplatePolicy(AnswerTemplate, access.can_use_inbox))


class RoutingRuleViewSet(SnippetViewSet):
    model = RoutingRule
    icon = "redirect"
    menu_label = _("배정 규칙")
    list_display = ["field", "kind", "district", "department", "priority", "is_active"]
    list_filter = ["field", "kind", "department", "is_active"]
    search_backend_name = None
    add_to_admin_menu = True
    menu_order = 152


class AnswerTemplateEditView(SnippetEditView):
    """Wagtail's edit view checks model-level permission only; add the department check."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", obj):
            raise PermissionDenied
        return obj


class AnswerTemplateViewSet(SnippetViewSet):
    model = AnswerTemplate
    edit_view_class = AnswerTemplateEditView
    icon = "doc-full"
    menu_label = _("답변 서식")
    list_display = ["title", "department"]
    list_filter = ["department"]
    search_fields = ["title", "body"]
    search_backend_name = None
    add_to_admin_menu = True
    menu_order = 153


register_snippet(RoutingRuleViewSet)
register_snippet(AnswerTemplateViewSet)

from .callbacks import wagtail_hooks as callback_hooks  # noqa: E402, F401  (청렴 콜 admin pages)
from .objections import wagtail_hooks as objection_hooks  # noqa: E402, F401  (만족도·이의신청 admin pages)
from .patrols import wagtail_hooks as patrol_hooks  # noqa: E402, F401  (탄력순찰 admin pages)
from .referrals import wagtail_hooks as referral_hooks  # noqa: E402, F401  (POST-CSO admin pages)
