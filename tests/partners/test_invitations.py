"""Invitation flow end to end: e-mail with a signed link (locmem outbox), accept once, expired and
reused links rejected with a clear Korean message; deactivation removes access at once."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.models import AuditLog
from partners import access, services
from partners.models import Invitation, Membership, PartnerGroup

LINK = re.compile(r"http://[^\s]+/partners/invitations/([^/\s]+)/")


def _link(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0).split("/partners/", 1)[1]


@pytest.mark.django_db
def test_hq_invites_representative_who_invites_a_member(client, world):
    group = PartnerGroup.objects.exclude(memberships__isnull=False).first()
    client.force_login(world.hq)
    response = client.post(f"/partners/groups/{group.slug}/invite-representative/", {"email": "rep@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rep@example.org"]
    assert group.name in mail.outbox[0].subject
    path = "/partners/" + _link(mail.outbox[0])
    client.logout()

    page = client.get(path)
    assert page.status_code == 200
    assert "rep@example.org" in page.content.decode()
    response = client.post(
        path,
        {
            "username": "new_rep",
            "display_name": "새 대표",
            "password1": "Sunflower-7788",
            "password2": "Sunflower-7788",
        },
    )
    assert response.status_code == 302
    rep = User.objects.get(username="new_rep")
    assert rep.email == "rep@example.org"
    assert Membership.objects.get(user=rep, group=group).role == Membership.Role.REPRESENTATIVE
    assert rep.groups.filter(name="치안파트너스").exists()
    assert AuditLog.objects.filter(action="partners.invitation_accepted").exists()

    # the link works once
    reused = client.get(path)
    assert reused.status_code == 410
    assert "이미 사용된 초대 링크입니다" in reused.content.decode()

    # the new representative (logged in by accepting) invites a member of their group
    response = client.post(f"/partners/groups/{group.slug}/invite/", {"email": "member@example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="member@example.org")
    assert invitation.role == Membership.Role.MEMBER and invitation.invited_by == rep
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_expired_and_tampered_links_are_rejected(client, world):
    group = PartnerGroup.objects.get(memberships__user=world.representative)
    invitation = services.invite_member(world.representative, group, "late@example.org")
    token = services.invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/partners/invitations/{token}/")
    assert response.status_code == 410
    assert "초대 링크가 만료되었습니다" in response.content.decode()
    with pytest.raises(services.InvitationError, match="만료"):
        services.accept_invitation(token, username="late", password="Sunflower-7788")
    assert not User.objects.filter(username="late").exists()

    tampered = client.get(f"/partners/invitations/{token[:-2]}xx/")
    assert tampered.status_code == 410
    assert "올바르지 않은 초대 링크입니다" in tampered.content.decode()


@pytest.mark.django_db
def test_only_representatives_of_the_group_hq_and_admin_may_invite(world):
    group = PartnerGroup.objects.get(memberships__user=world.representative)
    for name in ("partner_member", "member_other", "officer_traffic", "head_traffic"):
        with pytest.raises(PermissionDenied):
            services.invite_member(world.users[name], group, "x@example.org")
    for name in ("partner_rep", "partner_member", "officer_traffic"):
        with pytest.raises(PermissionDenied):
            services.invite_representative(world.users[name], group, "x@example.org")
    assert mail.outbox == []


@pytest.mark.django_db
def test_other_group_page_answers_like_a_missing_one(client, world):
    client.force_login(world.representative)
    other = PartnerGroup.objects.get(memberships__user=world.member_other)
    forbidden = client.get(f"/partners/groups/{other.slug}/")
    missing = client.get("/partners/groups/no-such-group/")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    client.force_login(world.member)
    assert client.get("/partners/").status_code == 404


@pytest.mark.django_db
def test_deactivating_a_member_removes_access_at_once_and_keeps_their_suggestions(client, world):
    from partners.models import Field
    from suggestions.models import Suggestion

    member = world.member
    membership = Membership.objects.get(user=member)
    suggestion = Suggestion.objects.create(
        title="통학로 가로등 고장",
        body="<p>밤에 어둡습니다.</p>",
        field=Field.objects.get(slug="traffic"),
        group=membership.group,
        author=member,
        created_at=timezone.now(),
    )
    client.force_login(world.representative)
    page = client.get(f"/partners/groups/{membership.group.slug}/")
    assert "partner_member" in page.content.decode()
    response = client.post(f"/partners/members/{membership.pk}/deactivate/")
    assert response.status_code == 302
    member = User.objects.get(pk=member.pk)
    assert not access.principal_for(member).is_partner
    assert not member.groups.filter(name="치안파트너스").exists()
    assert Suggestion.objects.filter(pk=suggestion.pk, author=member).exists()
    assert AuditLog.objects.filter(action="partners.deactivate_member", object_id=str(membership.pk)).exists()


@pytest.mark.django_db
def test_deactivating_a_group_removes_all_its_members(client, world):
    group = PartnerGroup.objects.get(memberships__user=world.representative)
    client.force_login(world.representative)
    assert client.post(f"/partners/groups/{group.slug}/deactivate/").status_code == 404
    client.force_login(world.hq)
    assert client.post(f"/partners/groups/{group.slug}/deactivate/").status_code == 302
    for name in ("partner_rep", "partner_member"):
        user = User.objects.get(username=name)
        assert access.principal_for(user).role_label == "user"
        assert not user.groups.filter(name="치안파트너스").exists()
    assert access.principal_for(User.objects.get(username="member_other")).is_partner
