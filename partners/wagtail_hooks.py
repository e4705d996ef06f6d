"""Editors manage who is who inside the Wagtail admin (no Django admin): fields, partner groups,
memberships, departments, officer memberships and invitations, each with search and filters.
Invitations created here go through partners.services (signed link sent by e-mail, audited)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from core import audit_admin
from core.audit import record

from . import access, delegation_views, services
from .audited_admin import audited_views
from .models import ApprovalStep, Department, Field, Invitation, Membership, OfficerMembership, PartnerGroup


class FieldViewSet(ModelViewSet):
    model = Field
    icon = "tag"
    menu_label = _("치안 분야")
    list_display = ["name", "slug", "name_en", "order"]
    search_fields = ["name", "slug", "name_en"]
    search_backend_name = None
    form_fields = ["name", "slug", "name_en", "order"]


class PartnerGroupViewSet(ModelViewSet):
    model = PartnerGroup
    icon = "group"
    menu_label = _("치안파트너스 단체")
    list_display = ["name", "kind", "appointed_until", "is_active"]
    list_filter = ["kind", "is_active", "fields"]
    search_fields = ["name", "slug", "kind", "description"]
    search_backend_name = None
    form_fields = [
        "name",
        "slug",
        "kind",
        "fields",
        "description",
        "member_count_hint",
        "appointed_from",
        "appointed_until",
        "is_active",
    ]


class MembershipViewSet(ModelViewSet):
    model = Membership
    # A role change is a permission change: audited.
    add_view_class, edit_view_class, delete_view_class = audited_views("partners.membership")
    icon = "user"
    menu_label = _("단체 회원")
    list_display = ["user", "group", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", "group"]
    search_fields = ["user__username", "user__email", "group__name"]
    search_backend_name = None
    form_fields = ["user", "group", "role", "is_active"]


class DepartmentViewSet(ModelViewSet):
    model = Department
    icon = "home"
    menu_label = _("답변 부서")
    list_display = ["name", "slug", "answer_days", "proposal_answer_days", "is_active"]
    list_filter = ["is_active", "fields"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    form_fields = ["name", "slug", "fields", "answer_days", "proposal_answer_days", "is_active"]


class OfficerMembershipViewSet(ModelViewSet):
    model = OfficerMembership
    add_view_class, edit_view_class, delete_view_class = audited_views("partners.officer_membership")
    icon = "user"
    menu_label = _("부서 담당자")
    list_display = ["user", "department", "role", "is_active"]
    list_filter = ["role", "is_active", "department"]
    search_fields = ["user__username", "user__email", "department__name"]
    search_backend_name = None
    form_fields = ["user", "department", "role", "is_active"]


class InvitationCreateView(CreateView):
    """Creating an invitation sends the signed link by e-mail through the service."""

    def save_instance(self):
        data = self.form.cleaned_data
        if data["role"] == Membership.Role.REPRESENTATIVE:
            return services.invite_representative(self.request.user, data["group"], data["email"])
        return services.invite_member(self.request.user, data["group"], data["email"])


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("초대")
    add_view_class = InvitationCreateView
    copy_view_enabled = False
    list_display = ["email", "group", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "group"]
    search_fields = ["email", "group__name"]
    search_backend_name = None
    form_fields = ["email", "group", "role"]


def _step_data(step: ApprovalStep) -> dict:
    return {
        "department": step.department_id,
        "order": step.order,
        "label": step.label,
        "role": step.role,
        "user": step.user_id,
    }


class ApprovalStepCreateView(CreateView):
    def save_instance(self):
        step = super().save_instance()
        record(self.request.user, "partners.approval_step_saved", step, **_step_data(step))
        return step


class ApprovalStepEditView(EditView):
    def save_instance(self):
        step = super().save_instance()
        record(self.request.user, "partners.approval_step_saved", step, **_step_data(step))
        return step


class ApprovalStepDeleteView(DeleteView):
    def delete_action(self):
        record(self.request.user, "partners.approval_step_deleted", self.object, **_step_data(self.object))
        super().delete_action()


class ApprovalStepViewSet(ModelViewSet):
    """A department's approval line (결재선); a department without steps keeps the head's approval.
    Every change is audited (who approves is a permission)."""

    model = ApprovalStep
    add_view_class = ApprovalStepCreateView
    edit_view_class = ApprovalStepEditView
    delete_view_class = ApprovalStepDeleteView
    copy_view_enabled = False
    icon = "list-ol"
    menu_label = _("결재 단계")
    list_display = ["department", "order", "label", "role", "user"]
    list_filter = ["department"]
    form_fields = ["department", "order", "label", "role", "user"]
    search_backend_name = None


class PartnersViewSetGroup(ModelViewSetGroup):
    menu_label = _("치안파트너스")
    menu_icon = "group"
    menu_order = 300
    items = (
        PartnerGroupViewSet("partner_groups"),
        MembershipViewSet("memberships"),
        InvitationViewSet("invitations"),
        DepartmentViewSet("departments"),
        OfficerMembershipViewSet("officer_memberships"),
        ApprovalStepViewSet("approval_steps"),
        FieldViewSet("fields"),
    )


@hooks.register("register_admin_viewset")
def register_partner_viewsets():
    return PartnersViewSetGroup()


delegation_urls = [
    path("", delegation_views.index, name="index"),
    path("new/", delegation_views.create, name="create"),
    path("<int:pk>/revoke/", delegation_views.revoke, name="revoke"),
]


@hooks.register("register_admin_urls")
def register_delegation_urls():
    return [path("delegations/", include((delegation_urls, "partners_delegations"), namespace="partners_delegations"))]


class DeputyMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_name_some_deputy(access.principal_for(request.user))


@hooks.register("register_admin_menu_item")
def register_delegation_menu_item():
    return DeputyMenuItem(_("대결 지정"), reverse("partners_delegations:index"), icon_name="user", order=152)


def _may_view_audit(user) -> bool:
    return access.can_view_audit(access.principal_for(user))


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [path("audit/", include((audit_admin.urls(_may_view_audit), "core_audit"), namespace="core_audit"))]


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_view_audit(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(_("감사 기록"), reverse("core_audit:log"), icon_name="history", order=156)
