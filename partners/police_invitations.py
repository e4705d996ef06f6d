"""Writes for police accounts: an administrator invites an officer / team lead / head of a department
or an HQ analyst by e-mail; the signed link (expiring, single use) creates the account with that post.
The new account then enrols TOTP at its first page (partners.otp)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record

from . import access
from .models import Department, OfficerMembership, PoliceInvitation, Profile
from .services import InvitationError, sync_partner_auth_group

SALT = "partners.police_invitation"


def token_for(invitation: PoliceInvitation) -> str:
    return signing.dumps({"id": invitation.pk}, salt=SALT)


def url_for(invitation: PoliceInvitation) -> str:
    path = reverse("partners:accept_police_invitation", args=[token_for(invitation)])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@transaction.atomic
def invite_police(actor: User, email: str, role: str, department: Department | None = None) -> PoliceInvitation:
    if not access.can_invite_police(access.principal_for(actor)):
        raise PermissionDenied(_("관리자만 경찰 계정을 초대할 수 있습니다."))
    if role not in PoliceInvitation.Role.values:
        raise ValidationError({"role": _("역할을 고르세요.")})
    if role == PoliceInvitation.Role.HQ:
        department = None
    elif department is None or not department.is_active:
        raise ValidationError({"department": _("부서 직원을 초대하려면 활동 중인 부서를 고르세요.")})
    days = settings.POLICE_INVITATION_DAYS
    invitation = PoliceInvitation.objects.create(
        email=email.strip().lower(),
        role=role,
        department=department,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(actor, "partners.police_invite", invitation, role=role, department=department.pk if department else None)
    post = f"{department.name} {invitation.get_role_display()}" if department else invitation.get_role_display()
    body = _(
        "청(聽) 치안파트너스 정책 제안 포럼의 %(post)s 계정으로 초대되었습니다.\n\n"
        "아래 링크에서 아이디와 비밀번호를 정하세요 (%(days)d일 동안 유효, 한 번만 사용할 수 있습니다). "
        "첫 로그인 때 2단계 인증(OTP)을 등록합니다:\n%(url)s\n"
    ) % {"post": post, "days": days, "url": url_for(invitation)}
    send_mail(_("[청] 경찰 계정 초대"), body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
    return invitation


def invitation_from_token(token: str, *, lock: bool = False) -> PoliceInvitation:
    """The usable invitation behind a link, or InvitationError with a clear Korean message."""
    expired = _("초대 링크가 만료되었습니다. 관리자에게 새 초대를 요청하세요.")
    invalid = _("올바르지 않은 초대 링크입니다.")
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.POLICE_INVITATION_DAYS))
    except signing.SignatureExpired as exc:
        raise InvitationError(expired) from exc
    except signing.BadSignature as exc:
        raise InvitationError(invalid) from exc
    queryset = PoliceInvitation.objects.select_related("department")
    invitation = (queryset.select_for_update(of=("self",)) if lock else queryset).filter(pk=data.get("id")).first()
    if invitation is None:
        raise InvitationError(invalid)
    if invitation.accepted_at is not None:
        raise InvitationError(_("이미 사용된 초대 링크입니다. 로그인하거나 새 초대를 요청하세요."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(expired)
    if invitation.department is not None and not invitation.department.is_active:
        raise InvitationError(_("이 부서는 현재 활동하지 않습니다."))
    return invitation


@transaction.atomic
def accept_police_invitation(token: str, *, username: str, password: str, display_name: str = "") -> User:
    invitation = invitation_from_token(token, lock=True)
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise InvitationError(_("이미 사용 중인 아이디입니다. 다른 아이디를 입력하세요."))
    user = user_model.objects.create_user(username=username, email=invitation.email, password=password)
    is_hq = invitation.role == PoliceInvitation.Role.HQ
    Profile.objects.create(user=user, display_name=display_name or username, is_hq_analyst=is_hq)
    if invitation.department is not None:  # not HQ (the check constraint)
        OfficerMembership.objects.create(user=user, department=invitation.department, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    record(user, "partners.police_invitation_accepted", invitation, role=invitation.role)
    sync_partner_auth_group(user)
    return user
