"""The POST-CSO actions on one suggestion in the Wagtail admin inbox (see suggestions.inbox_actions:
one form, one service call, a message, back to the suggestion's page)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ..inbox_actions import InboxAction, form_refusal
from . import forms, services, site_checks
from .models import AgencyReferral, SiteCheck


def _site_check(request, s) -> SiteCheck:
    raw = request.POST.get("site_check", "")
    check = SiteCheck.objects.filter(pk=raw, suggestion=s).first() if raw.isdigit() and len(raw) < 19 else None
    if check is None:
        raise Http404
    return check


class PlanSiteCheck(InboxAction):
    form_class = forms.PlanSiteCheckForm
    success_message = _("현장 진단을 등록했습니다.")

    def perform(self, request, s, obj, data):
        site_checks.plan_site_check(
            request.user,
            s,
            scheduled_for=data["scheduled_for"],
            assigned_to=data["assigned_to"],
            due_date=data["due_date"],
        )


class RecordChecklist(InboxAction):
    success_message = _("점검표를 저장했습니다.")

    def get_object(self, principal, s):
        return _site_check(self.request, s)

    def perform(self, request, s, obj, data):
        form = forms.ChecklistForm(request.POST)
        if not form.is_valid():
            raise form_refusal(form)
        done_on = form.cleaned_data["done_on"]
        site_checks.record_checklist(
            request.user, obj, results=form.results(), finding=form.cleaned_data["finding"], done_on=done_on
        )
        return str(_("현장 진단 결과를 등록했습니다.")) if done_on else None


class AddPhotos(InboxAction):
    form_class = forms.PhotosForm
    success_message = _("사진을 올렸습니다.")

    def get_object(self, principal, s):
        return _site_check(self.request, s)

    def perform(self, request, s, obj, data):
        site_checks.add_photos(request.user, obj, data["photos"])


class Refer(InboxAction):
    form_class = forms.ReferForm
    success_message = _("관계기관에 통보했습니다. 담당자에게 회신 링크를 이메일로 보냅니다.")

    def perform(self, request, s, obj, data):
        services.refer(request.user, s, agency=data["agency"], business_days=data["business_days"], note=data["note"])


class RecordOutcome(InboxAction):
    form_class = forms.OutcomeForm
    success_message = _("조치 상태를 등록했습니다.")

    def get_object(self, principal, s):
        raw = self.request.POST.get("referral", "")
        r = AgencyReferral.objects.filter(pk=raw, suggestion=s).first() if raw.isdigit() and len(raw) < 19 else None
        if r is None:
            raise Http404
        return r

    def perform(self, request, s, obj, data):
        services.record_outcome(request.user, obj, status=data["status"], note=data["note"], reason=data["reason"])


ACTIONS: dict[str, type[InboxAction]] = {
    "plan_site_check": PlanSiteCheck,
    "site_checklist": RecordChecklist,
    "site_photos": AddPhotos,
    "refer_agency": Refer,
    "referral_outcome": RecordOutcome,
}
