"""Wagtail admin: the e-mail/SMS notifications that gave up (status failed), with a retry action.
Administrators only (partners.access.can_manage_deliveries)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import access

from . import notifications
from .models import Notification

LIST_LIMIT = 500


def _check(request: HttpRequest) -> None:
    if not access.can_manage_deliveries(access.principal_for(request.user)):
        raise PermissionDenied


def failed_list(request: HttpRequest) -> HttpResponse:
    _check(request)
    failed = Notification.objects.filter(status=Notification.Status.FAILED).select_related("user")
    total = failed.count()
    return TemplateResponse(
        request,
        "suggestions/admin/failed_deliveries.html",
        {"notes": failed.order_by("-created_at", "-id")[:LIST_LIMIT], "total": total, "limit": LIST_LIMIT},
    )


@require_POST
def retry(request: HttpRequest) -> HttpResponse:
    _check(request)
    if request.POST.get("all") == "1":
        ids = list(Notification.objects.filter(status=Notification.Status.FAILED).values_list("pk", flat=True))
    else:
        ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit() and len(x) < 19]
    done = notifications.retry_failed(request.user, ids)
    messages.success(request, _("발송 실패 %(count)d건을 다시 보냅니다.") % {"count": done})
    return redirect("suggestions_deliveries:failed")
