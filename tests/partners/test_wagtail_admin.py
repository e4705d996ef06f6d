"""Editors manage groups, memberships, departments and invitations in the Wagtail admin."""

import pytest
from django.core import mail

from partners.models import Invitation, Membership, PartnerGroup


@pytest.mark.django_db
def test_viewsets_search_and_filter(client, world):
    client.force_login(world.admin)
    group = Membership.objects.get(user=world.representative).group
    listing = client.get("/admin/partner_groups/", {"q": group.name[:4]})
    assert listing.status_code == 200
    assert group.name in listing.content.decode()
    other = PartnerGroup.objects.exclude(pk=group.pk).exclude(name__contains=group.name[:4]).first()
    assert other.name not in listing.content.decode()
    filtered = client.get("/admin/memberships/", {"role": "representative"})
    assert filtered.status_code == 200
    assert "partner_rep" in filtered.content.decode()
    assert "partner_member" not in filtered.content.decode()
    for path in ("/admin/departments/", "/admin/officer_memberships/", "/admin/fields/", "/admin/invitations/"):
        assert client.get(path).status_code == 200, path
    officers = client.get("/admin/officer_memberships/", {"q": "head_traffic"}).content.decode()
    assert "head_traffic" in officers and "officer_safety" not in officers


@pytest.mark.django_db
def test_invitation_created_in_the_admin_is_mailed(client, world):
    client.force_login(world.admin)
    group = PartnerGroup.objects.first()
    response = client.post(
        "/admin/invitations/new/", {"email": "Leader@Example.org", "group": group.pk, "role": "representative"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "leader@example.org" and invitation.invited_by == world.admin
    assert len(mail.outbox) == 1 and "/partners/invitations/" in mail.outbox[0].body


@pytest.mark.django_db
def test_membership_edited_in_the_admin_syncs_the_auth_group(client, world):
    client.force_login(world.admin)
    membership = Membership.objects.get(user=world.member)
    response = client.post(
        f"/admin/memberships/edit/{membership.pk}/",
        {"user": membership.user_id, "group": membership.group_id, "role": "member"},  # is_active unticked
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    assert not world.member.groups.filter(name="치안파트너스").exists()
