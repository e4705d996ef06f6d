"""Site pages for partners and the public (thin: forms → services, selectors → templates)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import page_cache
from core.http import REFUSALS, apply_errors, report_refusal
from partners import access
from partners import services as partner_services
from partners.models import Field

from . import filters, public_stats, selectors, services
from .districts import DISTRICT_CHOICES
from .forms import (
    NotificationSettingsForm,
    RatingForm,
    SuggestionForm,
    SupplementForm,
    TransferForm,
    WithdrawForm,
)
from .media_views import serve_attachment
from .models import ContentReport, Suggestion
from .objections import selectors as objection_selectors
from .workflow import ANSWERED_STATES, INACTIVE_STATES, OPEN_STATES


def _principal(request) -> access.Principal:
    return access.principal_for(request.user)


def suggestion_list(request):
    principal = _principal(request)
    params = {k: request.GET.get(k, "") for k in filters.PublicListFilter.accepted or ()}
    qs = filters.filtered(filters.PublicListFilter, selectors.visible_suggestions(principal), request.GET)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    selectors.prepare_all(page.object_list, principal)
    services.record_originals_shown(request.user, principal, page.object_list, where="site.list", fields=["title"])
    return render(
        request,
        "suggestions/list.html",
        {
            "page": page,
            "params": params,
            "statuses": Suggestion.Status.choices,
            "kinds": Suggestion.Kind.choices,
            "fields": Field.objects.all(),
            "districts": DISTRICT_CHOICES,
            "can_file": access.can_file(principal),
            "can_route": access.can_route(principal),
        },
    )


@login_required
def suggestion_create(request):
    principal = _principal(request)
    if not access.can_file(principal):
        messages.error(request, _("치안파트너스 단체 회원만 제안할 수 있습니다."))
        return redirect("suggestions:list")
    groups = selectors.filing_groups(principal)
    source = request.POST if request.method == "POST" else request.GET  # on POST the hidden field decides
    try:
        announcement = selectors.proposal_announcement(principal, source.get("announcement"))
        refused = ""
    except ValidationError as exc:
        announcement = None
        refused = " ".join(exc.message_dict["announcement"])
    if request.method == "POST":
        data = request.POST.copy()
        if refused:  # refused once, clearly; sent again, the text is filed without the link
            data["announcement"] = ""
        form = SuggestionForm(data, request.FILES, groups=groups)
        if refused:
            form.add_error(None, refused + " " + _("다시 제출하면 공지와 연결하지 않고 접수합니다."))
        elif form.is_valid():
            d = form.cleaned_data
            try:
                s = services.file_suggestion(
                    request.user,
                    kind=d["kind"],
                    title=d["title"],
                    body=d["body"],
                    field=d["field"],
                    group=d["group"],
                    visibility=d["visibility"],
                    announcement=announcement,
                    district=d["district"],
                    address=d["address"],
                    lat=d["lat"],
                    lon=d["lon"],
                    time_band=d["time_band"],
                    risk_type=d["risk_type"],
                    attachments=d["attachments"],
                )
            except REFUSALS as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("제안이 접수되었습니다. 진행 상황은 ‘내 제안’에서 볼 수 있습니다."))
                return redirect("suggestions:detail", pk=s.pk)
    else:
        if refused:
            messages.error(request, refused)
        initial = {"group": groups.first(), "announcement": announcement.pk if announcement else None}
        if request.GET.get("kind") in Suggestion.Kind.values:
            initial["kind"] = request.GET["kind"]
        form = SuggestionForm(initial=initial, groups=groups)
    return render(request, "suggestions/form.html", {"form": form, "announcement": announcement})


def suggestion_detail(request, pk: int):
    principal = _principal(request)
    s = selectors.access_suggestion_by_id(principal, pk)
    rating = selectors.rating(s, principal)
    services.record_originals_shown(request.user, principal, [s], where="site.detail")
    is_author = access.is_author(principal, s)
    context = {
        "s": s,
        "events": selectors.timeline(s, principal),
        "answers": selectors.answers(s, principal),
        "published": selectors.published_answer(s),
        "attachments": s.attachments.all(),
        "site_checks": s.site_checks.all(),
        "referrals": s.referrals.all(),
        "supported": selectors.has_supported(principal, s),
        "can_support": access.can_support(principal, s) and s.status not in INACTIVE_STATES,
        "is_author": is_author,
        "rating": rating,
        "can_rate": access.can_rate(principal, s) and s.status in ANSWERED_STATES and rating is None,
        "can_withdraw": access.can_withdraw(principal, s) and s.status in OPEN_STATES,
        "can_supplement": is_author and s.status == Suggestion.Status.SUPPLEMENT,
        "can_ask_progress": access.can_ask_progress(principal, s) and s.status in OPEN_STATES,
        "rating_form": RatingForm(),
        "supplement_form": SupplementForm(),
        "withdraw_form": WithdrawForm(),
        "principal": principal,
        "can_use_inbox": access.can_use_inbox(principal),
        "can_report": access.can_report(principal, s),
        "report_reasons": ContentReport.Reason.choices,
    }
    return render(request, "suggestions/detail.html", context)


def _post_action(request, pk: int, action) -> HttpResponseRedirect:
    principal = _principal(request)
    s = selectors.access_suggestion_by_id(principal, pk)
    try:
        message = action(s)
    except REFUSALS as exc:
        report_refusal(request, exc)
    else:
        if message:
            messages.success(request, message)
    return redirect("suggestions:detail", pk=s.pk)


@login_required
@require_POST
def support(request, pk: int):
    return _post_action(request, pk, lambda s: services.support(request.user, s) and _("공감했습니다."))


@login_required
@require_POST
def unsupport(request, pk: int):
    def act(s):
        services.unsupport(request.user, s)
        return _("공감을 취소했습니다.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def rate(request, pk: int):
    def act(s):
        form = RatingForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("만족도를 1~5점 중에서 골라 주세요."))
        d = form.cleaned_data
        services.rate(request.user, s, d["score"], d["comment"], is_complaint=d["is_complaint"])
        return _("만족도를 남겨 주셔서 감사합니다.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def withdraw(request, pk: int):
    def act(s):
        services.withdraw(request.user, s, request.POST.get("reason", ""))
        return _("제안을 철회했습니다.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def supplement(request, pk: int):
    def act(s):
        services.submit_supplement(request.user, s, request.POST.get("text", ""))
        return _("보완 내용을 제출했습니다. 처리 기한이 다시 진행됩니다.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def progress(request, pk: int):
    def act(s):
        services.ask_progress(request.user, s)
        return _("진행 상황을 알림으로 보냈습니다.")

    return _post_action(request, pk, act)


@login_required
def attachment(request, pk: int, attachment_id: int):
    principal = _principal(request)
    s = selectors.access_suggestion_by_id(principal, pk)
    # One serving path with /media/ (nosniff, private no-store, optional X-Accel-Redirect).
    return serve_attachment(request, selectors.access_attachment_by_id(principal, attachment_id, suggestion=s))


@login_required
def mine(request):
    principal = _principal(request)
    page = Paginator(selectors.my_suggestions(principal), 20).get_page(request.GET.get("page"))
    selectors.prepare_all(page.object_list, principal)
    return render(request, "suggestions/mine.html", {"page": page, "items": page.object_list})


@login_required
def notifications(request):
    if request.method == "POST":
        selectors.notifications_for(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
        messages.success(request, _("모든 알림을 읽음으로 표시했습니다."))
        return redirect("suggestions:notifications")
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/notifications.html",
        {
            "page": page,
            "settings_form": NotificationSettingsForm(initial=selectors.notification_channels(request.user)),
        },
    )


@login_required
@require_POST
def notification_settings(request):
    form = NotificationSettingsForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            partner_services.set_notification_channels(
                request.user, in_app=d["in_app"], email=d["email"], sms=d["sms"], phone=d["phone"]
            )
        except ValidationError as exc:
            report_refusal(request, exc)
        else:
            messages.success(request, _("알림 받는 방법을 저장했습니다."))
    return redirect("suggestions:notifications")


def departments(request):
    """Public transparency page: numbers only, the same for everyone; stored figures (O(1) per hit).
    The monthly satisfaction table is computed only on a page-cache miss (lazy, keyed like the stats)."""
    stats, computed_at = public_stats.snapshot()
    stamp = computed_at.isoformat() if computed_at else "none"
    context = {
        "stats": stats,
        "computed_at": computed_at,
        "page_cache": page_cache.vary("stats", "all", stamp),
        "satisfaction": SimpleLazyObject(objection_selectors.satisfaction_by_department_month),
    }
    return render(request, "suggestions/departments.html", context)


@login_required
def hq_overview(request):
    principal = _principal(request)
    if not access.can_route(principal):
        raise Http404
    context = selectors.hq_overview()
    context["transfers"] = selectors.pending_transfers(principal)
    context["triage"] = selectors.prepare_all(selectors.triage_queue(principal), principal)
    context["route_form"] = TransferForm()  # HQ routes from the queue (the inbox's reassign action)
    context["satisfaction"] = objection_selectors.satisfaction_by_department_month()
    context["callback_outcomes"] = objection_selectors.callback_outcomes()
    return render(request, "suggestions/hq.html", context)
