"""Wagtail admin: 만족도·이의신청 for the department — its objections (take up, answer: the proposer is
told) and the ratings of its answered proposals (score, masked comment, 민원 flag)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSALS, report_refusal
from partners import access

from . import selectors, services
from .forms import ObjectionResponseForm


def _principal(request: HttpRequest) -> access.Principal:
    principal = access.principal_for(request.user)
    if not access.can_use_inbox(principal):
        raise Http404
    return principal


def index(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    context = {
        "objections": selectors.department_queue(principal),
        "ratings": selectors.department_ratings(principal),
        "response_form": ObjectionResponseForm(),
    }
    return TemplateResponse(request, "suggestions/objections/admin_index.html", context)


@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    obj = selectors.access_objection_by_id(_principal(request), pk)
    try:
        if name == "start":
            services.start_objection(request.user, obj)
            done = _("처리 중으로 바꾸었습니다.")
        elif name == "respond":
            form = ObjectionResponseForm(request.POST)
            response = form.cleaned_data["response"] if form.is_valid() else request.POST.get("response", "")
            services.respond_objection(request.user, obj, response)
            done = _("이의신청에 답변했습니다. 작성자에게 알렸습니다.")
        else:
            raise Http404
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect("suggestions_objections:index")


urls = [
    path("", index, name="index"),
    path("<int:pk>/<slug:name>/", act, name="act"),
]
