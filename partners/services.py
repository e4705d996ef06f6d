"""Writes for partners: invitations, accepting them, deactivating members and groups, each user's
notification channels, naming and revoking a head's deputy (대결), and keeping the Django auth
groups used by Wagtail page privacy in step with the active memberships."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record
from core.outbox import enqueue

from . import access
from .models import Delegation, Department, Invitation, Membership, OfficerMembership, PartnerGroup, Profile

# Django auth groups mirrored from active rows; partners-only pages restrict to both.
PARTNERS_AUTH_GROUP = "치안파트너스"
POLICE_AUTH_GROUP = "경찰"
INVITATION_SALT = "partners.invitation"
INVITATION_DAYS = 7


class InvitationError(Exception):
    """An invitation link that cannot be used; `str(exc)` is a message for the visitor (Korean)."""


# --- Auth groups ------------------------------------------------------------------------------


def auth_groups() -> tuple[Group, Group]:
    partners, _created = Group.objects.get_or_create(name=PARTNERS_AUTH_GROUP)
    police, _created = Group.objects.get_or_create(name=POLICE_AUTH_GROUP)
    return partners, police


def sync_partner_auth_group(user: User, *, add: bool = True) -> None:
    """Put the user in (or take them out of) the 치안파트너스 and 경찰 auth groups from active rows.

    `add=False` only removes (used while rows are being deleted, e.g. a user cascade)."""
    access.forget_principal(user)
    principal = access.principal_for(user)
    partners, police = auth_groups()
    is_staff = principal.is_hq or principal.is_officer or principal.is_auditor
    for group, wanted in ((partners, principal.is_partner), (police, is_staff)):
        if wanted:
            if add:
                user.groups.add(group)
        else:
            user.groups.remove(group)
    access.forget_principal(user)


def sync_group_members(group: PartnerGroup) -> None:
    for user in get_user_model().objects.filter(memberships__group=group).distinct():
        sync_partner_auth_group(user)


# --- Invitations ------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"id": invitation.pk}, salt=INVITATION_SALT)


def invitation_url(invitation: Invitation) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/partners/invitations/{invitation_token(invitation)}/"


def _invite(actor: User, group: PartnerGroup, email: str, role: str) -> Invitation:
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        group=group,
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    record(actor, "partners.invite", invitation, group=group.slug, role=role)
    role_label = _("대표") if role == Membership.Role.REPRESENTATIVE else _("회원")
    body = _(
        "%(group)s의 %(role)s(으)로 청(聽) 치안파트너스 정책 제안 포럼에 초대되었습니다.\n\n"
        "아래 링크에서 가입을 완료하세요 (%(days)d일 동안 유효, 한 번만 사용할 수 있습니다):\n%(url)s\n"
    ) % {"group": group.name, "role": role_label, "days": INVITATION_DAYS, "url": invitation_url(invitation)}
    send_mail(
        _("[청] %(group)s 초대") % {"group": group.name},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )
    return invitation


@transaction.atomic
def invite_representative(actor: User, group: PartnerGroup, email: str) -> Invitation:
    """HQ or an administrator invites a group's representative."""
    if not access.can_invite_representative(access.principal_for(actor)):
        raise PermissionDenied
    return _invite(actor, group, email, Membership.Role.REPRESENTATIVE)


@transaction.atomic
def invite_member(actor: User, group: PartnerGroup, email: str) -> Invitation:
    """A representative (or HQ, an administrator) invites a member of their group."""
    if not group.is_active or not access.can_invite_member(access.principal_for(actor), group.pk):
        raise PermissionDenied
    return _invite(actor, group, email, Membership.Role.MEMBER)


def invitation_from_token(token: str, *, lock: bool = False) -> Invitation:
    """The usable invitation behind a link, or InvitationError with a clear Korean message."""
    max_age = timedelta(days=INVITATION_DAYS)
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise InvitationError(_("초대 링크가 만료되었습니다. 초대한 분께 새 초대를 요청하세요.")) from exc
    except signing.BadSignature as exc:
        raise InvitationError(_("올바르지 않은 초대 링크입니다.")) from exc
    queryset = Invitation.objects.select_related("group")
    if lock:
        queryset = queryset.select_for_update()
    invitation = queryset.filter(pk=data.get("id")).first()
    if invitation is None:
        raise InvitationError(_("올바르지 않은 초대 링크입니다."))
    if invitation.accepted_at is not None:
        raise InvitationError(_("이미 사용된 초대 링크입니다. 로그인하거나 새 초대를 요청하세요."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("초대 링크가 만료되었습니다. 초대한 분께 새 초대를 요청하세요."))
    if not invitation.group.is_active:
        raise InvitationError(_("이 단체는 현재 활동하지 않습니다."))
    return invitation


@transaction.atomic
def accept_invitation(token: str, *, username: str, password: str, display_name: str = "") -> User:
    """Create the account and the membership; a link works once and only until it expires."""
    invitation = invitation_from_token(token, lock=True)
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise InvitationError(_("이미 사용 중인 아이디입니다. 다른 아이디를 입력하세요."))
    user = user_model.objects.create_user(username=username, email=invitation.email, password=password)
    Profile.objects.create(user=user, display_name=display_name or username)
    membership = Membership.objects.create(user=user, group=invitation.group, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    record(user, "partners.invitation_accepted", invitation, membership=membership.pk)
    sync_partner_auth_group(user)
    return user


# --- Deactivation -----------------------------------------------------------------------------


@transaction.atomic
def deactivate_member(actor: User, membership: Membership) -> Membership:
    """Access ends at once (only active rows count); what the member filed stays."""
    if not access.can_manage_members(access.principal_for(actor), membership.group_id):
        raise PermissionDenied
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record(actor, "partners.deactivate_member", membership, user=membership.user_id, group=membership.group_id)
    sync_partner_auth_group(membership.user)
    return membership


@transaction.atomic
def deactivate_group(actor: User, group: PartnerGroup) -> PartnerGroup:
    """The group and all its members lose access at once; their suggestions stay."""
    if not access.can_manage_groups(access.principal_for(actor)):
        raise PermissionDenied
    group.is_active = False
    group.save(update_fields=["is_active"])
    record(actor, "partners.deactivate_group", group)
    sync_group_members(group)
    return group


def record_otp_enrolment(user: User, device) -> None:
    record(user, "partners.otp_enrolled", device)


# --- Notification channels ----------------------------------------------------------------------


def set_notification_channels(user: User, *, in_app: bool, email: bool, sms: bool, phone: str = "") -> Profile:
    """Each user chooses how they are told (Profile.notify_*); SMS needs a mobile number."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("이 작업을 할 권한이 없습니다."))
    phone = re.sub(r"[^0-9-]", "", phone or "")[:20]
    if sms and not re.fullmatch(r"01[016789]-?\d{3,4}-?\d{4}", phone):
        raise ValidationError({"phone": _("문자 알림을 받으려면 휴대전화 번호(예: 010-1234-5678)를 입력해 주세요.")})
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        profile.notify_in_app, profile.notify_email, profile.notify_sms = in_app, email, sms
        profile.phone = phone
        profile.save(update_fields=["notify_in_app", "notify_email", "notify_sms", "phone"])
        record(user, "profile.notification_channels", profile, in_app=in_app, email=email, sms=sms)
    return profile


# --- Delegated approval (대결) ------------------------------------------------------------------


def _serves(user, department: Department, role: str | None = None) -> bool:
    rows = OfficerMembership.objects.filter(user=user, department=department, is_active=True, user__is_active=True)
    return (rows.filter(role=role) if role else rows).exists()


def name_deputy(
    actor: User,
    department: Department,
    *,
    deputy: User | None,
    starts_at,
    ends_at,
    reason: str,
    head: User | None = None,
) -> Delegation:
    """A head names a deputy (police staff of the department) who approves in the head's stead from
    `starts_at` until `ends_at`; HQ/admins may name one for an absent head (`head`)."""
    if not access.can_name_deputy(access.principal_for(actor), department.pk):
        raise PermissionDenied(_("부서장 또는 본청만 대결자를 지정할 수 있습니다."))
    head = head or actor
    errors: dict[str, str] = {}
    if not _serves(head, department, OfficerMembership.Role.HEAD):
        errors["head"] = _("대결을 맡기는 사람은 이 부서의 부서장이어야 합니다.")
    if deputy is None or deputy.pk == head.pk or not _serves(deputy, department):
        errors["deputy"] = _("대결자는 부서장이 아닌 이 부서의 경찰 직원이어야 합니다.")
    if not reason.strip():
        errors["reason"] = _("대결 사유를 입력해 주세요.")
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        errors["ends_at"] = _("종료는 시작보다 늦어야 합니다.")
    elif ends_at <= timezone.now():
        errors["ends_at"] = _("이미 끝난 기간에는 대결자를 지정할 수 없습니다.")
    if errors or deputy is None:
        raise ValidationError(errors)
    with transaction.atomic():
        # One deputy per head at a time: lock the head's delegations of the department first.
        live = Delegation.objects.select_for_update().filter(department=department, head=head, revoked_at__isnull=True)
        if live.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exists():
            raise ValidationError(
                {"starts_at": _("기간이 겹치는 대결 지정이 이미 있습니다. 먼저 그 지정을 해제하세요.")}
            )
        delegation = Delegation.objects.create(
            department=department,
            head=head,
            deputy=deputy,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason.strip(),
            created_by=actor,
        )
        record(
            actor,
            "partners.delegation_named",
            delegation,
            department=department.pk,
            head=head.pk,
            deputy=deputy.pk,
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
            reason=delegation.reason,
        )
        # The deputy is told (suggestions owns notifications; queued by name, in this transaction).
        enqueue("suggestions.notify_delegation", delegation.pk)
    access.forget_principal(actor)
    return delegation


def revoke_delegation(actor: User, delegation: Delegation) -> Delegation:
    """End a delegation now (the head is back early); the deputy's past approvals stay recorded."""
    if not access.can_name_deputy(access.principal_for(actor), delegation.department_id):
        raise PermissionDenied(_("부서장 또는 본청만 대결 지정을 해제할 수 있습니다."))
    with transaction.atomic():
        d = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if d.revoked_at is None:
            d.revoked_at = timezone.now()
            d.save(update_fields=["revoked_at"])
            record(actor, "partners.delegation_revoked", d, department=d.department_id, deputy=d.deputy_id)
    return d
