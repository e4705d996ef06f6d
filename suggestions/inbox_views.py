"""The department inbox inside the Wagtail admin (URLs in suggestions.wagtail_hooks): the list and
the approval queue (Wagtail generic index views), one suggestion's page, and bulk receipt.
The actions on a suggestion are in suggestions.inbox_actions.

Thin views: every decision is in partners.access, every read in suggestions.selectors, every write
in suggestions.services. Officers see their departments' suggestions (original personal data:
police only), heads also get the approval queue, HQ sees every department and routes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import IndexView

from partners import access
from partners import selectors as partner_selectors
from partners.models import Department, Field, PartnerGroup

from . import filters, forms, selectors, services
from .answer_diff import correction_diff
from .models import Answer, AnswerTemplate, Suggestion
from .referrals import forms as referral_forms
from .referrals import selectors as referral_selectors


def inbox_principal(request: HttpRequest) -> access.Principal:
    """The acting principal; anyone the inbox is not for gets the same 404 as a missing page."""
    principal = access.principal_for(request.user)
    if not access.can_use_inbox(principal):
        raise Http404
    return principal


class InboxIndexView(IndexView):
    """A generic Wagtail listing without the model-admin extras (add/edit buttons, spreadsheet
    export, breadcrumbs header): permissions are partners.access's, rows come from a selector."""

    list_display = ["__str__"]  # no "updated" column: it would annotate every row from the log table
    breadcrumbs_items: list[dict[str, Any]] = []  # the classic header, as the inbox always had
    any_permission_required = None
    permission_policy = None

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.is_export = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.principal = inbox_principal(request)
        return super().dispatch(request, *args, **kwargs)

    def user_has_permission(self, permission: str) -> bool:
        return False  # nothing to add or edit here: the actions are the inbox's own views

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return []


class InboxView(InboxIndexView):
    model = Suggestion
    filterset_class = filters.InboxFilter  # IndexView would derive one from list_filter; ours is shared
    template_name = "suggestions/admin/inbox.html"
    page_title = gettext_lazy("부서 처리함")
    header_icon = "tasks"
    paginate_by = 50
    page_kwarg = "page"

    def get_base_queryset(self):
        return selectors.inbox_suggestions(self.principal)

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        page = context["page_obj"]
        selectors.prepare_all(page.object_list, self.principal)
        principal = self.principal
        services.record_originals_shown(
            self.request.user, principal, page.object_list, where="inbox.list", fields=["title"]
        )
        context.update(
            page=page,
            params={k: self.request.GET.get(k, "") for k in filters.InboxFilter.accepted},
            statuses=Suggestion.Status.choices,
            kinds=Suggestion.Kind.choices,
            fields=Field.objects.all(),
            groups=PartnerGroup.objects.filter(is_active=True),
            departments=Department.objects.filter(is_active=True) if access.can_route(principal) else [],
            approvals=selectors.approval_queue(principal)[:20],
            transfers=selectors.pending_transfers(principal),
            is_head=access.can_view_approvals(principal),
        )
        return context


class ApprovalsView(InboxIndexView):
    """결재 대기: the answers waiting for the principal's approval (all of them, oldest first)."""

    model = Answer
    template_name = "suggestions/admin/approvals.html"
    page_title = gettext_lazy("결재 대기 (부서장)")
    header_icon = "tick"
    paginate_by = None

    def get_base_queryset(self):
        return selectors.approval_queue(self.principal)

    def get_header_title(self) -> str:
        return _("결재 대기")

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        context["answers"] = context["object_list"]
        return context


class StuckApprovalsView(ApprovalsView):
    """HQ/admin: every answer waiting for approval, longest-waiting first, each a click away from its
    page and the 결재자 바꾸기 form there."""

    page_title = gettext_lazy("결재 현황 (본청)")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.can_reassign_approval(access.principal_for(request.user)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return selectors.stuck_approvals(self.principal)

    def get_header_title(self) -> str:
        return _("결재 현황 (본청)")

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        context["show_department"] = True
        return context


@require_POST
def bulk_receive(request: HttpRequest) -> HttpResponse:
    inbox_principal(request)
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit() and len(x) < 19]
    done = services.bulk_receive(request.user, ids)
    messages.success(request, _("%(n)d건을 접수했습니다.") % {"n": done})
    return redirect("suggestions_inbox:index")


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    principal = inbox_principal(request)
    s = selectors.access_inbox_suggestion_by_id(principal, pk)
    services.record_originals_shown(request.user, principal, [s], where="inbox.detail")
    answers = selectors.answers(s, principal)
    open_answer = next((a for a in answers if a.state in (Answer.State.DRAFT, Answer.State.RETURNED)), None)
    pending = next((a for a in answers if a.state == Answer.State.PENDING), None)
    published = next((a for a in answers if a.state == Answer.State.PUBLISHED), None)
    may_approve, on_behalf_id = access.answer_approval(principal, pending) if pending else (False, None)
    templates = AnswerTemplate.objects.filter(department_id=s.department_id) if s.department_id else []
    initial = {"decision": open_answer.decision, "body": open_answer.body} if open_answer else {}
    tpl_id = request.GET.get("template")
    if tpl_id and tpl_id.isdigit() and s.department_id:  # a template is always a department's
        tpl = AnswerTemplate.objects.filter(pk=tpl_id, department_id=s.department_id).first()
        if tpl:
            initial["body"] = tpl.body
    context = {
        "header_title": _("제안 #%(pk)s") % {"pk": s.pk},
        "page_title": s.title,
        "header_icon": "doc-full",
        "s": s,
        "events": selectors.timeline(s, principal),
        "answers": answers,
        "open_answer": open_answer,
        "pending": pending,
        "answer_templates": templates,
        "answer_form": forms.AnswerForm(initial=initial),
        "return_form": forms.ReturnForm(),
        "reason_form": forms.ReasonForm(),
        "extend_form": forms.ExtendForm(),
        "extensions": s.extensions.select_related("requested_by", "decided_by"),
        "can_decide_extension": access.can_decide_extension(principal, s),
        "transfer_form": forms.TransferForm(),
        "site_check_form": forms.SiteCheckForm(),
        "site_result_form": forms.SiteCheckResultForm(),
        "referral_form": forms.ReferralForm(),
        "referral_reply_form": forms.ReferralReplyForm(),
        "merge_form": forms.MergeForm(),
        "site_checks": referral_selectors.site_checks(s),
        "referrals": s.referrals.all(),
        **referral_forms.inbox_context(),
        "attachments": s.attachments.all(),
        "transfers": s.transfer_requests.all(),
        "can_answer": access.can_answer(principal, s),
        "can_approve": may_approve,
        "approving_for": get_user_model().objects.filter(pk=on_behalf_id).first() if on_behalf_id else None,
        "correction_diff": correction_diff(published.body, pending.body, principal) if pending and published else "",
        "can_reassign_approval": bool(pending) and access.can_reassign_approval(principal),
        "department_staff": partner_selectors.department_staff(pending.department_id) if pending else [],
        "can_route": access.can_route(principal),
        "published_exists": any(a.state == Answer.State.PUBLISHED for a in answers),
    }
    return TemplateResponse(request, "suggestions/admin/detail.html", context)
