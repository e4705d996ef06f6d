"""Wagtail admin: candidate words for the Kiwi user dictionary (search.word_candidates), each with
an accept button. HQ analysts and administrators only; anyone else gets the same 404 as a missing page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.access import Principal, principal_for

from . import services
from .models import UserWord
from .word_candidates import candidates, corpus_texts

PAGE_TEXTS = 500  # the most recent proposals read per page view (~10 s of extraction on one core)


def _principal(request: HttpRequest) -> Principal:
    principal = principal_for(request.user)
    if not principal.can_view_hq:
        raise Http404
    return principal


def candidate_list(request: HttpRequest) -> HttpResponse:
    _principal(request)
    found = candidates(corpus_texts(PAGE_TEXTS))
    return TemplateResponse(
        request, "search/admin/word_candidates.html", {"candidates": found, "texts": PAGE_TEXTS, "tags": UserWord.Tag}
    )


@require_POST
def accept(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    tag = request.POST.get("tag") or ""
    tag = tag if tag in UserWord.Tag.values else UserWord.Tag.NNP
    try:
        word = services.accept_user_word(request.user, principal, request.POST.get("form", ""), tag)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("사용자 사전에 ‘%(form)s’을(를) 추가했습니다.") % {"form": word.form})
    return redirect("search_words:candidates")
