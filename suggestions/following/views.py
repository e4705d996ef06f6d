"""Partner pages of 팔로우·대화·반영: follow / 알림 끄기, the private thread's form, and the public
"반영된 제안" list. Thin: services write, selectors read; a refusal is a message on the next page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSALS, report_refusal
from partners import access

from .. import selectors as suggestion_selectors
from . import selectors, services


def _act(request, pk: int, action, anchor: str = ""):
    principal = access.principal_for(request.user)
    s = suggestion_selectors.access_suggestion_by_id(principal, pk)
    try:
        message = action(s)
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, message)
    return redirect(reverse("suggestions:detail", args=[s.pk]) + anchor)


@login_required
@require_POST
def follow(request, pk: int):
    def act(s):
        services.follow(request.user, s)
        return _("이 제안을 팔로우합니다. 답변·정정·반영 소식을 알려 드립니다.")

    return _act(request, pk, act, "#follow")


@login_required
@require_POST
def unfollow(request, pk: int):
    def act(s):
        services.unfollow(request.user, s)
        return _("이 제안의 알림을 껐습니다.")

    return _act(request, pk, act, "#follow")


@login_required
@require_POST
def post_message(request, pk: int):
    def act(s):
        services.post_message(request.user, s, request.POST.get("body", ""))
        return _("대화를 남겼습니다. 상대에게 알림이 갑니다.")

    return _act(request, pk, act, "#thread")


def implemented_list(request):
    """반영된 제안: public, anonymous visitors see public proposals only (masked)."""
    principal = access.principal_for(request.user)
    page = selectors.implemented_page(principal, request.GET.get("page"))
    return render(request, "suggestions/following/implemented.html", {"page": page})
