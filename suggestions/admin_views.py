"""Department inbox inside the Wagtail admin (registered in suggestions.wagtail_hooks).

Thin views: every decision is in partners.access, every write in suggestions.services.
Officers see their departments' suggestions (original personal data: police only), heads also
get the approval queue, HQ sees every department and routes.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners import access
from partners.models import Department, Field, PartnerGroup

from . import forms, selectors, services
from .models import AgencyReferral, Answer, AnswerTemplate, SiteCheck, Suggestion, TransferRequest
from .workflow import WorkflowError

FILTER_KEYS = ("status", "due", "field", "group", "kind", "department", "q", "all")


def _principal(request) -> access.Principal:
    principal = access.principal_for(request.user)
    if not principal.is_police:
        raise Http404
    return principal


def _suggestion(principal: access.Principal, pk) -> Suggestion:
    s = Suggestion.objects.select_related("field", "group", "department", "author").filter(pk=pk).first()
    if s is None or not (access.can_handle(principal, s) or (s.department_id is None and principal.is_officer)):
        raise Http404(_("제안을 찾을 수 없습니다."))
    return selectors.prepare(s, principal)


def inbox(request):
    principal = _principal(request)
    params = {k: request.GET.get(k, "") for k in FILTER_KEYS}
    qs = selectors.department_inbox(principal, params)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    selectors.prepare_all(page.object_list, principal)
    return TemplateResponse(
        request,
        "suggestions/admin/inbox.html",
        {
            "header_title": _("부서 처리함"),
            "page_title": _("부서 처리함"),
            "header_icon": "tasks",
            "page": page,
            "params": params,
            "statuses": Suggestion.Status.choices,
            "kinds": Suggestion.Kind.choices,
            "fields": Field.objects.all(),
            "groups": PartnerGroup.objects.filter(is_active=True),
            "departments": Department.objects.filter(is_active=True) if access.can_route(principal) else [],
            "approvals": selectors.approval_queue(principal)[:20],
            "transfers": selectors.pending_transfers(principal),
            "is_head": bool(principal.head_department_ids) or principal.is_admin,
        },
    )


def approvals(request):
    principal = _principal(request)
    return TemplateResponse(
        request,
        "suggestions/admin/approvals.html",
        {
            "header_title": _("결재 대기"),
            "page_title": _("결재 대기 (부서장)"),
            "header_icon": "tick",
            "answers": selectors.approval_queue(principal),
        },
    )


@require_POST
def bulk_receive(request):
    principal = _principal(request)
    ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
    if not principal.is_police:
        raise Http404
    done = services.bulk_receive(request.user, ids)
    messages.success(request, _("%(n)d건을 접수했습니다.") % {"n": done})
    return redirect("suggestions_inbox:index")


def detail(request, pk: int):
    principal = _principal(request)
    s = _suggestion(principal, pk)
    answers = selectors.answers(s, principal)
    open_answer = next((a for a in answers if a.state in (Answer.State.DRAFT, Answer.State.RETURNED)), None)
    pending = next((a for a in answers if a.state == Answer.State.PENDING), None)
    templates = AnswerTemplate.objects.filter(department_id=s.department_id) if s.department_id else []
    initial = {}
    if open_answer:
        initial = {"decision": open_answer.decision, "body": open_answer.body}
    tpl_id = request.GET.get("template")
    if tpl_id and tpl_id.isdigit():
        tpl = AnswerTemplate.objects.filter(pk=tpl_id, department_id=s.department_id).first()
        if tpl:
            initial["body"] = tpl.body
    context = {
        "header_title": _("제안 #%(pk)s") % {"pk": s.pk},
        "page_title": s.title,
        "header_icon": "doc-full",
        "s": s,
        "events": selectors.timeline(s, principal),
        "answers": answers,
        "open_answer": open_answer,
        "pending": pending,
        "answer_templates": templates,
        "answer_form": forms.AnswerForm(initial=initial),
        "return_form": forms.ReturnForm(),
        "reason_form": forms.ReasonForm(),
        "extend_form": forms.ExtendForm(),
        "transfer_form": forms.TransferForm(),
        "site_check_form": forms.SiteCheckForm(),
        "site_result_form": forms.SiteCheckResultForm(),
        "referral_form": forms.ReferralForm(),
        "referral_reply_form": forms.ReferralReplyForm(),
        "merge_form": forms.MergeForm(),
        "site_checks": s.site_checks.all(),
        "referrals": s.referrals.all(),
        "attachments": s.attachments.all(),
        "transfers": s.transfer_requests.all(),
        "can_answer": access.can_answer(principal, s),
        "can_approve": access.can_approve(principal, s),
        "can_route": access.can_route(principal),
        "published_exists": any(a.state == Answer.State.PUBLISHED for a in answers),
    }
    return TemplateResponse(request, "suggestions/admin/detail.html", context)


def _pk(value: str | None) -> int:
    """A posted object id; anything but digits becomes 0, which matches nothing (a 404, not a 500)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationError(_("날짜를 YYYY-MM-DD 형식으로 입력해 주세요.")) from None


def _department(value: str) -> Department | None:
    return Department.objects.filter(pk=value, is_active=True).first() if value and value.isdigit() else None


@require_POST
def action(request, pk: int, name: str):
    """One POST endpoint per suggestion; `name` picks the service."""
    principal = _principal(request)
    s = _suggestion(principal, pk)
    user, p = request.user, request.POST
    done = {
        "receive": _("접수했습니다."),
        "start_review": _("검토를 시작했습니다."),
        "save_answer": _("답변을 저장했습니다."),
        "submit_answer": _("답변 결재를 요청했습니다."),
        "approve_answer": _("답변을 결재(게시)했습니다."),
        "return_answer": _("답변을 반려했습니다."),
        "request_supplement": _("보완을 요청했습니다."),
        "extend": _("처리 기한을 연장했습니다."),
        "request_transfer": _("이송을 요청했습니다."),
        "reassign": _("배정했습니다."),
        "decide_transfer": _("이송 요청을 처리했습니다."),
        "site_check": _("현장 진단을 등록했습니다."),
        "site_check_result": _("현장 진단 결과를 등록했습니다."),
        "referral": _("관계기관 통보를 등록했습니다."),
        "referral_reply": _("관계기관 회신을 등록했습니다."),
        "implement": _("반영 완료로 표시했습니다."),
        "merge": _("병합했습니다."),
    }
    if name not in done:
        raise Http404
    try:
        if name == "receive":
            services.receive(user, s)
        elif name == "start_review":
            services.start_review(user, s)
        elif name == "save_answer":
            answer = s.answers.filter(pk=_pk(p.get("answer"))).first()
            a = services.save_answer_draft(
                user,
                s,
                decision=p.get("decision", ""),
                body=p.get("body", ""),
                answer=answer,
                correction_reason=p.get("correction_reason", ""),
            )
            if p.get("then_submit"):
                services.submit_answer(user, a)
                done[name] = _("답변을 저장하고 결재를 요청했습니다.")
        elif name == "submit_answer":
            services.submit_answer(user, get_object_or_404(Answer, pk=_pk(p.get("answer")), suggestion=s))
        elif name == "approve_answer":
            services.approve_answer(user, get_object_or_404(Answer, pk=_pk(p.get("answer")), suggestion=s))
        elif name == "return_answer":
            services.return_answer(
                user, get_object_or_404(Answer, pk=_pk(p.get("answer")), suggestion=s), p.get("comment", "")
            )
        elif name == "request_supplement":
            services.request_supplement(user, s, p.get("reason", ""))
        elif name == "extend":
            services.extend_deadline(user, s, _date(p.get("new_due_date")), p.get("reason", ""))
        elif name == "request_transfer":
            services.request_transfer(user, s, p.get("reason", ""), _department(p.get("to_department", "")))
        elif name == "reassign":
            target = _department(p.get("to_department", ""))
            if target is None:
                raise ValidationError(_("부서를 선택해 주세요."))
            services.reassign(user, s, target, p.get("reason", ""))
        elif name == "decide_transfer":
            t = get_object_or_404(TransferRequest, pk=_pk(p.get("transfer")), suggestion=s)
            services.decide_transfer(
                user,
                t,
                approve=p.get("approve") == "1",
                to_department=_department(p.get("to_department", "")),
                note=p.get("reason", ""),
            )
        elif name == "site_check":
            services.schedule_site_check(user, s, _date(p.get("scheduled_for")))
        elif name == "site_check_result":
            check = get_object_or_404(SiteCheck, pk=_pk(p.get("site_check")), suggestion=s)
            services.record_site_check(
                user,
                check,
                done_on=_date(p.get("done_on")),
                result=p.get("result", ""),
                photo=request.FILES.get("photo"),
            )
        elif name == "referral":
            services.refer_to_agency(user, s, agency=p.get("agency", ""), referred_on=_date(p.get("referred_on")))
        elif name == "referral_reply":
            r = get_object_or_404(AgencyReferral, pk=_pk(p.get("referral")), suggestion=s)
            services.record_agency_reply(user, r, reply=p.get("reply", ""), replied_on=_date(p.get("replied_on")))
        elif name == "implement":
            from wagtail.models import Page

            page = Page.objects.filter(pk=_pk(p.get("announcement"))).first()
            services.mark_implemented(user, s, announcement=page, note=p.get("reason", ""))
        elif name == "merge":
            survivor = Suggestion.objects.filter(pk=_pk(p.get("survivor"))).first()
            if survivor is None:
                raise ValidationError(_("남길 제안 번호를 확인해 주세요."))
            services.merge(user, s, survivor, p.get("reason", ""))
    except (ValidationError, WorkflowError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or _("권한이 없습니다."))
        messages.error(request, text)
    else:
        messages.success(request, done[name])
    return redirect("suggestions_inbox:detail", pk=s.pk)
