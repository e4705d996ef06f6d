"""HQ's table of open referrals by agency and age (Wagtail admin)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from partners import access

from . import selectors


def open_referrals(request: HttpRequest) -> HttpResponse:
    if not access.can_view_open_referrals(access.principal_for(request.user)):
        raise Http404
    groups = selectors.open_referrals()
    return TemplateResponse(
        request,
        "suggestions/referrals/open_referrals.html",
        {
            "groups": sorted(groups.items()),
            "total": sum(len(rows) for rows in groups.values()),
            "overdue": sum(1 for rows in groups.values() for row in rows if row.overdue_business_days),
        },
    )
