"""Wagtail admin: the department's reply in the private thread, posted from the suggestion page of
the inbox (and back to it). Registered by `suggestions.wagtail_hooks` importing this module."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from core.http import REFUSALS, report_refusal

from .. import selectors as suggestion_selectors
from ..inbox_views import inbox_principal
from . import services


@require_POST
def post_reply(request: HttpRequest, pk: int) -> HttpResponse:
    principal = inbox_principal(request)
    s = suggestion_selectors.access_inbox_suggestion_by_id(principal, pk)
    try:
        services.post_message(request.user, s, request.POST.get("body", ""))
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        messages.success(request, _("작성자에게 답글을 보냈습니다."))
    return redirect(reverse("suggestions_inbox:detail", args=[s.pk]) + "#thread")


urls = [path("<int:pk>/", post_reply, name="post")]


@hooks.register("register_admin_urls")
def register_thread_urls():
    return [path("thread/", include((urls, "suggestions_thread"), namespace="suggestions_thread"))]
