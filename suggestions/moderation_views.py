"""The partner's 신고 (report) form on a suggestion's page: one POST, through services.moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSALS, report_refusal
from partners import access

from . import selectors
from .services import moderation


@login_required
@require_POST
def report(request, pk: int):
    principal = access.principal_for(request.user)
    s = selectors.access_suggestion_by_id(principal, pk)
    try:
        moderation.report(
            request.user,
            s,
            request.POST.get("reason", ""),
            target=request.POST.get("target", "suggestion"),
            note=request.POST.get("note", ""),
        )
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("신고가 접수되었습니다. 관리자가 검토합니다."))
        s.refresh_from_db(fields=["hidden_at"])
        if not access.can_view_suggestion(principal, s):  # this report hid it: its page is now a 404
            return redirect("suggestions:list")
    return redirect("suggestions:detail", pk=s.pk)
