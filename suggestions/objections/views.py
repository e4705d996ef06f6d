"""The proposer's 이의신청 form on the proposal page: one POST, through objections.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSALS, report_refusal
from partners import access

from .. import selectors
from . import services
from .forms import ObjectionForm


@login_required
@require_POST
def file(request, pk: int):
    s = selectors.access_suggestion_by_id(access.principal_for(request.user), pk)
    form = ObjectionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else request.POST.get("reason", "")
    try:
        services.file_objection(request.user, s, reason)
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("이의신청이 접수되었습니다. 담당 부서가 14일(근무일) 안에 답변합니다."))
    return redirect("suggestions:detail", pk=s.pk)
