"""The agency's page behind its e-mailed link (no account): that one referral, masked, and the
outcome form. A wrong, expired, used or closed token is the same 404 as a missing page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..text import html_to_text, mask_pii
from . import links, services
from .forms import OutcomeForm


@never_cache
@require_http_methods(["GET", "POST"])
def agency_link(request: HttpRequest, token: str) -> HttpResponse:
    referral = links.referral_for(token)
    if referral is None:
        raise Http404
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.record_outcome_by_link(token, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if done is None:  # used by a concurrent request in the meantime
                raise Http404
            return render(request, "suggestions/referrals/agency_done.html", {"referral": done})
    s = referral.suggestion
    context = {
        "referral": referral,
        "title": mask_pii(s.title),
        "body": mask_pii(html_to_text(s.body)),
        "place": mask_pii(s.address),
        "district": s.get_district_display() if s.district else "",
        "form": form,
        "page_title": gettext("관계기관 조치 상태 회신"),
    }
    response = render(request, "suggestions/referrals/agency_link.html", context)
    # The token is in the URL: never sent to another site. Not "no-referrer": Chromium then posts
    # the form with `Origin: null`, which Django's CSRF origin check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response
