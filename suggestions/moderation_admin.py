"""Wagtail admin: 신고 검토 (the moderation queue) for administrators — the reported and hidden items,
one page per item with its reports, and the hide / restore / edit-to-mask actions
(suggestions.services.moderation: audited, the author told with the reason)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import REFUSALS, report_refusal
from partners import access

from . import moderation, services
from .models import ContentReport
from .services import moderation as moderating
from .text import mask_pii


def queue(request: HttpRequest) -> HttpResponse:
    items = moderation.queue(access.principal_for(request.user))
    return TemplateResponse(request, "suggestions/admin/moderation_queue.html", {"items": items})


def item(request: HttpRequest, pk: int, target: str) -> HttpResponse:
    principal = access.principal_for(request.user)
    found = moderation.item(principal, pk, target)
    s = found.suggestion
    services.record_originals_shown(request.user, principal, [s], where="admin.moderation")
    context = {
        "item": found,
        "s": s,
        "reasons": ContentReport.Reason.choices,
        # Edit-to-mask starts from the automatic masking; the moderator adjusts it.
        "masked_title": mask_pii(s.title),
        "masked_body": mask_pii(found.rating.comment if found.rating else s.body),
    }
    return TemplateResponse(request, "suggestions/admin/moderation_item.html", context)


@require_POST
def act(request: HttpRequest, pk: int, target: str, name: str) -> HttpResponse:
    found = moderation.item(access.principal_for(request.user), pk, target)
    post = request.POST
    reason = post.get("reason", "")
    try:
        if name == "hide":
            moderating.hide(request.user, found.suggestion, reason, target=target)
            done = _("숨겼습니다. 작성자에게 사유를 알렸습니다.")
        elif name == "restore":
            moderating.restore(request.user, found.suggestion, target=target, note=post.get("note", ""))
            done = _("다시 공개했습니다. 작성자에게 알렸습니다.")
        elif name == "mask":
            moderating.mask(
                request.user,
                found.suggestion,
                reason,
                target=target,
                title=post.get("title", ""),
                body=post.get("body", ""),
            )
            done = _("일부를 가리고 다시 공개했습니다. 작성자에게 사유를 알렸습니다.")
        else:
            return redirect("suggestions_moderation:item", pk=pk, target=target)
    except REFUSALS as exc:
        report_refusal(request, exc)
        return redirect("suggestions_moderation:item", pk=pk, target=target)
    messages.success(request, done)
    return redirect("suggestions_moderation:queue")


urls = [
    path("", queue, name="queue"),
    path("<int:pk>/<slug:target>/", item, name="item"),
    path("<int:pk>/<slug:target>/<slug:name>/", act, name="act"),
]
