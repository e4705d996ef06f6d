"""The department's actions on one suggestion in the Wagtail admin inbox: one small form view each,
posted to `…/inbox/<pk>/action/<name>/` (the `name` picks the view in ACTIONS).

`InboxAction` does the common part: the acting principal → the suggestion (and the child object the
action is about) through the selectors' `access_*_by_id` (missing and forbidden: the same 404) →
the action's form → ONE service call → a success message, or the refusal as a message
(core.http.report_refusal) → back to the suggestion's page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.models import Page

from core.http import REFUSALS, report_refusal
from partners import access

from . import forms, selectors, services
from .inbox_views import inbox_principal
from .models import Suggestion, TimelineEvent


def form_refusal(form: django_forms.BaseForm) -> ValidationError:
    """The form's errors as one refusal, each prefixed with its field's label."""
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        lines += [f"{label}: {e}" if label else str(e) for e in errors]
    return ValidationError(lines)


class InboxAction(View):
    http_method_names = ["post"]
    form_class: ClassVar[type[django_forms.Form] | None] = None
    success_message: ClassVar[str | Promise] = ""

    def get_object(self, principal: access.Principal, s: Suggestion) -> Model | None:
        """The child object the action is about (posted id), if any; Http404 when it cannot be had."""
        return None

    def perform(self, request: HttpRequest, s: Suggestion, obj: Any, data: dict[str, Any]) -> str | None:
        """Call the one service; return a message to replace `success_message` if needed."""
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        principal = inbox_principal(request)
        s = selectors.access_inbox_suggestion_by_id(principal, pk)
        obj = self.get_object(principal, s)
        form = self.form_class(request.POST, request.FILES) if self.form_class else None
        try:
            if form is not None and not form.is_valid():
                raise form_refusal(form)
            message = self.perform(request, s, obj, form.cleaned_data if form is not None else {})
        except REFUSALS as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, message or str(self.success_message))
        return redirect("suggestions_inbox:detail", pk=s.pk)


class AnswerAction(InboxAction):
    """Acts on one version of the answer, posted as `answer`."""

    def get_object(self, principal, s):
        return selectors.access_answer_by_id(principal, self.request.POST.get("answer"), suggestion=s)


# --- routing ----------------------------------------------------------------------------------


class Receive(InboxAction):
    success_message = _("접수했습니다.")

    def perform(self, request, s, obj, data):
        services.receive(request.user, s)


class Reassign(InboxAction):
    form_class = forms.TransferForm
    success_message = _("배정했습니다.")

    def perform(self, request, s, obj, data):
        if data["to_department"] is None:
            raise ValidationError(gettext("부서를 선택해 주세요."))
        services.reassign(request.user, s, data["to_department"], data["reason"])


class RequestTransfer(InboxAction):
    form_class = forms.TransferForm
    success_message = _("이송을 요청했습니다.")

    def perform(self, request, s, obj, data):
        services.request_transfer(request.user, s, data["reason"], data["to_department"])


class DecideTransfer(InboxAction):
    form_class = forms.DecideTransferForm
    success_message = _("이송 요청을 처리했습니다.")

    def get_object(self, principal, s):
        return selectors.access_transfer_by_id(principal, self.request.POST.get("transfer"), suggestion=s)

    def perform(self, request, s, obj, data):
        services.decide_transfer(
            request.user, obj, approve=data["approve"] == "1", to_department=data["to_department"], note=data["reason"]
        )


# --- review -----------------------------------------------------------------------------------


class StartReview(InboxAction):
    success_message = _("검토를 시작했습니다.")

    def perform(self, request, s, obj, data):
        services.start_review(request.user, s)


class RequestSupplement(InboxAction):
    form_class = forms.ReasonForm
    success_message = _("보완을 요청했습니다.")

    def perform(self, request, s, obj, data):
        services.request_supplement(request.user, s, data["reason"])
        if (
            not s.events.filter(kind=TimelineEvent.Kind.SUPPLEMENT_REQUESTED)
            .latest("pk")
            .data.get("clock_stopped", True)
        ):
            return gettext("보완을 요청했습니다. 접수 7일이 지난 정책 제안의 보완 요청은 처리 기한을 멈추지 않습니다.")
        return None


class Extend(InboxAction):
    form_class = forms.ExtendForm
    success_message = _("처리 기한 연장을 요청했습니다. 부서장 결재 후 작성자에게 알립니다.")

    def perform(self, request, s, obj, data):
        services.request_extension(request.user, s, data["new_due_date"], data["reason"])


class DecideExtension(InboxAction):
    form_class = forms.DecideExtensionForm
    success_message = _("처리 기한 연장 요청을 결재했습니다.")

    def get_object(self, principal, s):
        return selectors.access_extension_by_id(principal, self.request.POST.get("extension"), suggestion=s)

    def perform(self, request, s, obj, data):
        services.decide_extension(request.user, obj, approve=data["approve"] == "1", note=data["note"])


class DelayReason(InboxAction):
    form_class = forms.ReasonForm
    success_message = _("지연 사유를 등록했습니다. 작성자의 진행 현황에 보입니다.")

    def perform(self, request, s, obj, data):
        services.record_delay_reason(request.user, s, data["reason"])


class ScheduleSiteCheck(InboxAction):
    form_class = forms.SiteCheckForm
    success_message = _("현장 진단을 등록했습니다.")

    def perform(self, request, s, obj, data):
        services.schedule_site_check(request.user, s, data["scheduled_for"])


class SiteCheckResult(InboxAction):
    form_class = forms.SiteCheckResultForm
    success_message = _("현장 진단 결과를 등록했습니다.")

    def get_object(self, principal, s):
        return selectors.access_site_check_by_id(principal, self.request.POST.get("site_check"), suggestion=s)

    def perform(self, request, s, obj, data):
        services.record_site_check(
            request.user, obj, done_on=data["done_on"], result=data["result"], photo=data["photo"]
        )


class Referral(InboxAction):
    form_class = forms.ReferralForm
    success_message = _("관계기관 통보를 등록했습니다.")

    def perform(self, request, s, obj, data):
        services.refer_to_agency(request.user, s, agency=data["agency"], referred_on=data["referred_on"])


class ReferralReply(InboxAction):
    form_class = forms.ReferralReplyForm
    success_message = _("관계기관 회신을 등록했습니다.")

    def get_object(self, principal, s):
        return selectors.access_referral_by_id(principal, self.request.POST.get("referral"), suggestion=s)

    def perform(self, request, s, obj, data):
        services.record_agency_reply(request.user, obj, reply=data["reply"], replied_on=data["replied_on"])


# --- answers ----------------------------------------------------------------------------------


class SaveAnswer(InboxAction):
    """Writes the open draft (posted as `answer`) or a new one; "저장하고 결재 요청" also submits it."""

    form_class = forms.AnswerForm
    success_message = _("답변을 저장했습니다.")

    def get_object(self, principal, s):
        try:  # no (or no such) draft: a new one, as the form always did
            return selectors.access_answer_by_id(principal, self.request.POST.get("answer"), suggestion=s)
        except Http404:
            return None

    def perform(self, request, s, obj, data):
        answer = services.save_answer_draft(
            request.user,
            s,
            decision=data["decision"],
            body=data["body"],
            answer=obj,
            correction_reason=data["correction_reason"],
        )
        if data["then_submit"]:
            services.submit_answer(request.user, answer)
            return gettext("답변을 저장하고 결재를 요청했습니다.")
        return None


class SubmitAnswer(AnswerAction):
    success_message = _("답변 결재를 요청했습니다.")

    def perform(self, request, s, obj, data):
        services.submit_answer(request.user, obj)


class ApproveAnswer(AnswerAction):
    success_message = _("답변을 결재(게시)했습니다.")

    def perform(self, request, s, obj, data):
        answer = services.approve_answer(request.user, obj)
        if answer.state == answer.State.PENDING:
            return gettext("%(step)s 단계로 넘겼습니다.") % {"step": answer.step_label}
        return None


class ReassignApproval(AnswerAction):
    """HQ/admin: the stuck step goes to `to_user` (police staff of the department), with a reason."""

    form_class = forms.ReasonForm
    success_message = _("결재자를 바꿨습니다.")

    def perform(self, request, s, obj, data):
        raw = request.POST.get("to_user", "")
        to_user = get_user_model().objects.filter(pk=raw).first() if raw.isdigit() and len(raw) < 19 else None
        services.reassign_approval(request.user, obj, to_user, data["reason"])


class ReturnAnswer(AnswerAction):
    form_class = forms.ReturnForm
    success_message = _("답변을 반려했습니다.")

    def perform(self, request, s, obj, data):
        services.return_answer(request.user, obj, data["comment"])


class Implement(InboxAction):
    form_class = forms.ImplementForm
    success_message = _("반영 완료로 표시했습니다.")

    def perform(self, request, s, obj, data):
        page = Page.objects.filter(pk=data["announcement"]).first() if data["announcement"] else None
        services.mark_implemented(
            request.user,
            s,
            summary=data["summary"],
            implemented_on=data["implemented_on"],
            announcement=page,
            note=data["reason"],
        )


class Merge(InboxAction):
    form_class = forms.MergeForm
    success_message = _("병합했습니다.")

    def perform(self, request, s, obj, data):
        survivor = Suggestion.objects.filter(pk=data["survivor"]).first()
        if survivor is None:
            raise ValidationError(gettext("남길 제안 번호를 확인해 주세요."))
        merged = services.merge(request.user, s, survivor, data["reason"])
        if merged.pk != s.pk:
            return gettext("먼저 접수된 제안 #%(first)s을(를) 남기고 병합했습니다.") % {"first": s.pk}
        return None


ACTIONS: dict[str, type[InboxAction]] = {
    "receive": Receive,
    "start_review": StartReview,
    "save_answer": SaveAnswer,
    "submit_answer": SubmitAnswer,
    "approve_answer": ApproveAnswer,
    "return_answer": ReturnAnswer,
    "reassign_approval": ReassignApproval,
    "request_supplement": RequestSupplement,
    "extend": Extend,
    "decide_extension": DecideExtension,
    "delay_reason": DelayReason,
    "request_transfer": RequestTransfer,
    "reassign": Reassign,
    "decide_transfer": DecideTransfer,
    "site_check": ScheduleSiteCheck,
    "site_check_result": SiteCheckResult,
    "referral": Referral,
    "referral_reply": ReferralReply,
    "implement": Implement,
    "merge": Merge,
}
from .referrals.inbox_actions import ACTIONS as REFERRAL_ACTIONS  # noqa: E402  (POST-CSO: imports InboxAction)

ACTIONS.update(REFERRAL_ACTIONS)
_VIEWS = {name: view.as_view() for name, view in ACTIONS.items()}


def action(request: HttpRequest, pk: int, name: str) -> HttpResponseBase:
    """`…/<pk>/action/<name>/`: the view of that name (an unknown name is a 404)."""
    view = _VIEWS.get(name)
    if view is None:
        raise Http404
    return view(request, pk=pk)
