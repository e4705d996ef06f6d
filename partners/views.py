"""Thin views: representatives manage their group; invitations are accepted; police enrol TOTP."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from . import access, otp, selectors, services
from .forms import AcceptInvitationForm, InviteForm, TokenForm
from .models import Membership


def _manageable_group_or_404(request, slug: str):
    group = selectors.manageable_groups(request.user).filter(slug=slug).first()
    if group is None or not access.can_manage_members(access.principal_for(request.user), group.pk):
        raise Http404  # forbidden answers exactly like missing
    return group


@login_required
def my_groups(request):
    groups = list(selectors.manageable_groups(request.user))
    if not groups:
        raise Http404
    if len(groups) == 1:
        return redirect("partners:group", slug=groups[0].slug)
    return render(request, "partners/group_list.html", {"groups": groups})


@login_required
def group_detail(request, slug: str):
    group = _manageable_group_or_404(request, slug)
    principal = access.principal_for(request.user)
    return render(
        request,
        "partners/group_detail.html",
        {
            "group": group,
            "members": selectors.group_members(group),
            "invitations": group.invitations.filter(accepted_at__isnull=True)[:20],
            "invite_form": InviteForm(),
            "can_invite_representative": access.can_invite_representative(principal),
            "can_manage_groups": access.can_manage_groups(principal),
        },
    )


@login_required
@require_POST
def invite(request, slug: str, role: str = Membership.Role.MEMBER):
    group = _manageable_group_or_404(request, slug)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("올바른 이메일 주소를 입력하세요."))
        return redirect("partners:group", slug=group.slug)
    try:
        if role == Membership.Role.REPRESENTATIVE:
            services.invite_representative(request.user, group, form.cleaned_data["email"])
        else:
            services.invite_member(request.user, group, form.cleaned_data["email"])
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("%(email)s 님께 초대 메일을 보냈습니다.") % {"email": form.cleaned_data["email"]})
    return redirect("partners:group", slug=group.slug)


@login_required
@require_POST
def deactivate_member(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("group", "user"), pk=pk)
    if not access.can_manage_members(access.principal_for(request.user), membership.group_id):
        raise Http404
    services.deactivate_member(request.user, membership)
    messages.success(request, _("%(user)s 님의 회원 자격을 비활성화했습니다.") % {"user": membership.user})
    return redirect("partners:group", slug=membership.group.slug)


@login_required
@require_POST
def deactivate_group(request, slug: str):
    group = _manageable_group_or_404(request, slug)
    if not access.can_manage_groups(access.principal_for(request.user)):
        raise Http404
    services.deactivate_group(request.user, group)
    messages.success(request, _("%(group)s 단체를 비활성화했습니다.") % {"group": group.name})
    return redirect("partners:group", slug=group.slug)


def accept_invitation(request, token: str):
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as exc:
        return render(request, "partners/invitation_invalid.html", {"error": str(exc)}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except services.InvitationError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("%(group)s에 가입되었습니다.") % {"group": invitation.group.name})
            return redirect("/")
    return render(request, "partners/invitation_accept.html", {"invitation": invitation, "form": form})


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return "/"
    return next_url


@login_required
def otp_setup(request):
    if not access.needs_second_factor(access.principal_for(request.user)):
        raise Http404
    if otp.second_factor_pending(request) and not otp.needs_enrolment(request):
        return otp.verify_redirect(request)  # enrolled already: verify first, then add another device
    next_url = _safe_next(request)
    device = otp.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            services.record_otp_enrolment(request.user, device)
            messages.success(request, _("2단계 인증을 등록했습니다. 다음 로그인부터 인증 코드를 입력합니다."))
            return redirect(next_url)
        form.add_error("token", _("인증 코드가 올바르지 않습니다."))
    uri = device.config_url
    return render(
        request,
        "partners/otp_setup.html",
        {
            "form": form,
            "secret": otp.secret_base32(device),
            "otpauth_uri": uri,
            "qr_svg": otp.qr_svg(uri),
            "next": next_url,
        },
    )


@login_required
def otp_verify(request):
    next_url = _safe_next(request)
    if otp.needs_enrolment(request):
        return otp.verify_redirect(request)
    if not otp.second_factor_pending(request):
        return redirect(next_url)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("token", _("인증 코드가 올바르지 않습니다."))
    return render(request, "partners/otp_verify.html", {"form": form, "next": next_url})
