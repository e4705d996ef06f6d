"""Wagtail admin: 청렴 콜 — the queue (민원 점검관, HQ, admins), a case page with its timeline and the
call / relay / answer-back / close forms, and the department's page of relays and re-reviews.
Bad input re-renders the page with the typed text and the error; nothing is saved half-way."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.http import require_POST

from core.http import REFUSALS, apply_errors, report_refusal
from partners import access

from . import selectors, services
from .forms import AnswerBackForm, AssignForm, CallForm, CloseForm, QueueFilterForm, RelayForm, RelayResponseForm

FORMS: dict[str, type[forms.Form]] = {
    "assign": AssignForm,
    "call": CallForm,
    "relay": RelayForm,
    "answer_back": AnswerBackForm,
    "close": CloseForm,
}
DONE = {
    "assign": N_("배정했습니다. 담당 점검관에게 알렸습니다."),
    "call": N_("통화 기록을 남겼습니다."),
    "relay": N_("부서에 회신을 요청했습니다. 담당관·부서장에게 알렸습니다."),
    "answer_back": N_("제안자에게 회신했습니다. 제안 진행 기록에 남았습니다."),
    "close": N_("종결했습니다."),
}


def queue(request: HttpRequest) -> HttpResponse:
    principal = access.principal_for(request.user)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.queue(principal, filters)[:200]
    context = {"cases": cases, "filter_form": form, "counts": selectors.open_counts()}
    return TemplateResponse(request, "suggestions/callbacks/admin_queue.html", context)


def _case_page(request: HttpRequest, case, bound: dict[str, forms.Form] | None = None, status: int = 200):
    bound = bound or {}
    context = {
        "case": case,
        "text": selectors.masked_suggestion_text(case),
        "timeline": selectors.case_timeline(case),
        "re_review_done": selectors.re_review_done(case),
        "closed": case.state == case.State.CLOSED,
        # Prefixed: five forms on one page, each field id unique.
        **{f"{name}_form": bound.get(name) or cls(prefix=name) for name, cls in FORMS.items()},
    }
    return TemplateResponse(request, "suggestions/callbacks/admin_case.html", context, status=status)


def case(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, selectors.case_for(access.principal_for(request.user), pk))


def _run(request: HttpRequest, name: str, c, data: dict) -> None:
    user = request.user
    if name == "assign":
        services.assign_case(user, c, data["assignee"])
    elif name == "call":
        services.log_call(user, c, reached=data["reached"], note=data["note"], at=data.get("at"))
    elif name == "relay":
        services.relay(user, c, data["request"])
    elif name == "answer_back":
        services.answer_back(user, c, data["message"])
    elif name == "close":
        services.close_case(user, c, data["outcome"], data["note"])


@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    c = selectors.case_for(access.principal_for(request.user), pk)
    if name not in FORMS:
        raise Http404
    form = FORMS[name](request.POST, prefix=name)
    if form.is_valid():
        try:
            _run(request, name, c, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except REFUSALS as exc:
            report_refusal(request, exc)
            return redirect("callbacks_admin:case", pk=c.pk)
        else:
            messages.success(request, _(DONE[name]))
            return redirect("callbacks_admin:case", pk=c.pk)
    messages.error(request, _("입력 내용을 확인해 주세요."))
    c.refresh_from_db()
    return _case_page(request, c, {name: form}, status=400)


def relays(request: HttpRequest) -> HttpResponse:
    principal = access.principal_for(request.user)
    context = {
        "relays": selectors.relays_for(principal)[:200],
        "re_reviews": selectors.re_reviews_for(principal),
        "response_form": RelayResponseForm(),
    }
    return TemplateResponse(request, "suggestions/callbacks/admin_relays.html", context)


@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    principal = access.principal_for(request.user)
    r = selectors.relay_for(principal, pk)
    form = RelayResponseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("회신 내용을 적어 주세요."))
        services.respond_relay(request.user, r, form.cleaned_data["response"])
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("회신했습니다. 민원 점검관에게 알렸습니다."))
    return redirect("callbacks_admin:relays")


urls = [
    path("", queue, name="queue"),
    path("relays/", relays, name="relays"),
    path("relays/<int:pk>/respond/", respond, name="respond"),
    path("<int:pk>/", case, name="case"),
    path("<int:pk>/<slug:name>/", act, name="act"),
]
