"""The objects the authorization, CSRF and abuse tests walk, built on the test world: one suggestion
each visibility, an answer, an attachment, an invitation, a saved search — and URL parameter values."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partners.models import Invitation, Membership
from partners.services import invitation_token
from search.models import SavedSearch
from suggestions.models import Answer, Attachment, Suggestion
from tests.world import World

from .urlwalk import Objects

# role → demo username (None: anonymous). The suggestions below are 교통 (traffic) ones.
ROLES = {
    "anonymous": None,
    "member_other_group": "member_other",
    "member": "partner_member",
    "representative": "partner_rep",
    "officer_other_department": "officer_safety",
    "officer": "officer_traffic",
    "head": "head_traffic",
    "hq": "hq",
    "admin": "admin",
}
MISSING_PK = "987654"


@dataclass(frozen=True)
class Authz:
    users: dict[str, User]  # the world's people, by username (see ROLES)
    own: Suggestion  # the member's, partners-visible, with an answer
    public: Suggestion  # the member's, public
    hidden: Suggestion  # another group's member's, police-only, with an attachment
    answer: Answer
    attachment: Attachment
    objects: Objects  # URL parameter values for the URL walker
    membership: Membership  # the member's


def _file(world: World, author: User, visibility: str, title: str) -> Suggestion:
    return world.file(
        author,
        place=False,
        kind=Suggestion.Kind.PROPOSAL,
        title=title,
        body="<p>보행 신호가 짧습니다. 연락처 010-1234-5678</p>",
        visibility=visibility,
    )


@pytest.fixture
def authz(world: World, search_index) -> Authz:  # search pages are walked too: the indices exist
    own = _file(world, world.member, Suggestion.Visibility.PARTNERS, "회원의 파트너스 공개 제안")
    public = _file(world, world.member, Suggestion.Visibility.PUBLIC, "회원의 전체 공개 제안")
    hidden = _file(world, world.member_other, Suggestion.Visibility.POLICE, "다른 단체 회원의 경찰 전용 제안")
    assert own.department is not None  # filed and routed at once
    answer = Answer.objects.create(
        suggestion=own, department=own.department, decision=Answer.Decision.ACCEPTED, body="<p>검토하겠습니다.</p>"
    )
    attachment = Attachment.objects.create(
        suggestion=hidden,
        file=SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        original_name="photo.png",
        content_type="image/png",
        size=8,
    )
    membership = Membership.objects.get(user=world.member)
    invitation = Invitation.objects.create(
        email="new@example.com", group=membership.group, expires_at="2999-01-01T00:00:00Z"
    )
    saved = SavedSearch.objects.create(owner=world.hq, name="가로등", params={"q": "가로등"})
    objects = Objects(
        {
            ("", "pk"): str(own.pk),
            ("suggestions/", "pk"): str(own.pk),
            ("api/v1/suggestions/", "pk"): str(own.pk),
            ("api/v1/answers/", "pk"): str(answer.pk),
            ("suggestions/", "attachment_id"): str(attachment.pk),
            ("partners/members/", "pk"): str(membership.pk),
            ("hq/saved/", "pk"): str(saved.pk),
            # A theme key in the themes' own format; the three proposals here form no theme, so the
            # detail answers 404 to everyone (walked for 5xx and HQ-only, like a missing pk).
            ("hq/themes/", "key"): "t-0123456789",
            ("", "slug"): membership.group.slug,
            ("", "token"): invitation_token(invitation),
            ("", "fmt"): "csv",
        }
    )
    return Authz(world.users, own, public, hidden, answer, attachment, objects, membership)


def client_for(users: dict[str, User], role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    username = ROLES[role]
    if username:
        client.force_login(users[username])
    return client
