"""Thin views for police accounts: administrators invite; the invited accept (then enrol TOTP)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import access, police_invitations
from .forms import AcceptInvitationForm, PoliceInviteForm
from .models import PoliceInvitation
from .services import InvitationError


@login_required
def invite_police(request):
    if not access.can_invite_police(access.principal_for(request.user)):
        raise Http404
    form = PoliceInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            police_invitations.invite_police(request.user, data["email"], data["role"], data["department"])
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("%(email)s 님께 초대 메일을 보냈습니다.") % {"email": data["email"]})
            return redirect("partners:invite_police")
    pending = PoliceInvitation.objects.filter(accepted_at__isnull=True).select_related("department")[:50]
    return render(request, "partners/police_invite.html", {"form": form, "pending": pending})


def accept_police_invitation(request, token: str):
    try:
        invitation = police_invitations.invitation_from_token(token)
    except InvitationError as exc:
        return render(request, "partners/invitation_invalid.html", {"error": str(exc)}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = police_invitations.accept_police_invitation(
                token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except InvitationError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("계정을 만들었습니다. 2단계 인증을 등록하세요."))
            return redirect(reverse("partners:otp_setup"))
    return render(request, "partners/police_invitation_accept.html", {"invitation": invitation, "form": form})
