"""HQ's briefing pages: the list with the request form, the progress poll (JSON) and the downloads.
HQ and admins only (partners.access.can_request_briefing); everyone else gets the 404 of a missing page."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.http import REFUSALS, report_refusal
from partners.access import can_request_briefing, principal_for

from . import services
from .models import Briefing

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LISTED = 50


def hq_briefings(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_request_briefing(principal_for(request.user)):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def parse_month(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value.strip(), "%Y-%m").date()
    except ValueError:
        return None


def status_of(b: Briefing) -> dict:
    done = b.state == Briefing.State.DONE
    return {
        "id": b.pk,
        "month": f"{b.month:%Y-%m}",
        "state": b.state,
        "state_label": b.get_state_display(),
        "progress": b.progress,
        "step": b.step,
        "pdf": reverse("briefings:file", args=[b.pk, "pdf"]) if done and b.pdf else "",
        "xlsx": reverse("briefings:file", args=[b.pk, "xlsx"]) if done and b.xlsx else "",
    }


@require_GET
@hq_briefings
def briefing_list(request):
    items = list(Briefing.objects.select_related("requested_by")[:LISTED])
    return render(
        request,
        "briefings/list.html",
        {"items": [(b, status_of(b)) for b in items], "default_month": f"{last_month():%Y-%m}"},
    )


@require_POST
@hq_briefings
def briefing_request(request):
    month = parse_month(request.POST.get("month", ""))
    if month is None:
        messages.error(request, _("대상 월을 YYYY-MM 형식으로 고르세요 (예: 2026-11)."))
        return redirect("briefings:list")
    try:
        briefing = services.request_briefing(request.user, month)
    except REFUSALS as exc:
        report_refusal(request, exc)
        return redirect("briefings:list")
    messages.success(request, _("%(month)s 브리핑을 만들기 시작했습니다.") % {"month": briefing.label})
    return redirect("briefings:list")


@require_GET
@hq_briefings
def briefing_status(request, pk: int):
    return JsonResponse(status_of(get_object_or_404(Briefing, pk=pk)))


@require_GET
@hq_briefings
def briefing_file(request, pk: int, fmt: str):
    briefing = get_object_or_404(Briefing, pk=pk, state=Briefing.State.DONE)
    stored = briefing.pdf if fmt == "pdf" else briefing.xlsx if fmt == "xlsx" else None
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("파일을 찾을 수 없습니다.")) from None
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES[fmt],
        as_attachment=True,
        filename=f"cheong-briefing-{briefing.month:%Y-%m}.{fmt}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
