"""대결 지정 in the Wagtail admin: a head names a deputy for a period (HQ/admins for an absent head)
and revokes it. Thin views: the decisions are `partners.access`, the writes `partners.services`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import REFUSALS, report_refusal

from . import access, selectors, services
from .models import Delegation, Department, OfficerMembership

SEOUL = ZoneInfo("Asia/Seoul")


class AdminRequest(HttpRequest):
    user: User  # the Wagtail admin lets only signed-in users through


class DelegationForm(forms.Form):
    department = forms.IntegerField(widget=forms.HiddenInput)
    deputy = forms.IntegerField(label=gettext_lazy("대결자"))
    head = forms.IntegerField(label=gettext_lazy("부서장"), required=False)
    starts_on = forms.DateField(label=gettext_lazy("시작일"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("종료일(포함)"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("사유"), widget=forms.Textarea(attrs={"rows": 2}))


def _principal(request: HttpRequest) -> access.Principal:
    principal = access.principal_for(request.user)
    if not access.can_name_some_deputy(principal):
        raise Http404
    return principal


def _departments(principal: access.Principal):
    qs = Department.objects.filter(is_active=True)
    return qs if access.can_route(principal) else qs.filter(pk__in=principal.head_department_ids)


def index(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    today = dt.datetime.now(SEOUL).date()
    sections = []
    for department in _departments(principal):
        staff = list(selectors.department_staff(department.pk))
        sections.append(
            {
                "department": department,
                "deputies": [m for m in staff if m.role != OfficerMembership.Role.HEAD],
                "heads": [m for m in staff if m.role == OfficerMembership.Role.HEAD],
                "delegations": selectors.delegations([department.pk])[:20],
            }
        )
    context = {
        "header_title": _("대결 지정"),
        "page_title": _("대결 지정"),
        "header_icon": "user",
        "sections": sections,
        "today": today.isoformat(),
        "is_hq": access.can_route(principal),
    }
    return TemplateResponse(request, "partners/admin/delegations.html", context)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SEOUL)


@require_POST
def create(request: AdminRequest) -> HttpResponse:
    _principal(request)
    form = DelegationForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(str(e) for es in form.errors.values() for e in es)
        messages.error(request, _("입력값을 확인해 주세요: ") + problems)
        return redirect("partners_delegations:index")
    data = form.cleaned_data
    department = Department.objects.filter(pk=data["department"]).first()
    if department is None:
        raise Http404
    users = get_user_model().objects
    try:
        delegation = services.name_deputy(
            request.user,
            department,
            deputy=users.filter(pk=data["deputy"]).first(),
            head=users.filter(pk=data["head"]).first() if data["head"] else None,
            starts_at=_midnight(data["starts_on"]),
            ends_at=_midnight(data["ends_on"] + dt.timedelta(days=1)),  # the end day is included
            reason=data["reason"],
        )
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("%(deputy)s을(를) 대결자로 지정했습니다.") % {"deputy": delegation.deputy})
    return redirect("partners_delegations:index")


@require_POST
def revoke(request: AdminRequest, pk: int) -> HttpResponse:
    principal = _principal(request)
    delegation = Delegation.objects.filter(pk=pk, department__in=_departments(principal)).first()
    if delegation is None:
        raise Http404
    try:
        services.revoke_delegation(request.user, delegation)
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("대결 지정을 해제했습니다."))
    return redirect("partners_delegations:index")
