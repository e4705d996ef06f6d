"""A small world for the authorization, CSRF and abuse tests: every role, one suggestion each
visibility, an answer, an attachment, an invitation, a saved search — and URL parameter values."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partners.models import Field, Invitation, Membership
from suggestions import services
from suggestions.models import Answer, Attachment, Suggestion

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


@pytest.fixture
def world(demo_users):
    traffic = Field.objects.get(name="교통")
    member, other = demo_users["partner_member"], demo_users["member_other"]

    def file(author, visibility, title):
        return services.file_suggestion(
            author,
            kind=Suggestion.Kind.PROPOSAL,
            title=title,
            body="<p>보행 신호가 짧습니다. 연락처 010-1234-5678</p>",
            field=traffic,
            visibility=visibility,
        )

    own = file(member, Suggestion.Visibility.PARTNERS, "회원의 파트너스 공개 제안")
    public = file(member, Suggestion.Visibility.PUBLIC, "회원의 전체 공개 제안")
    hidden = file(other, Suggestion.Visibility.POLICE, "다른 단체 회원의 경찰 전용 제안")
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
    membership = Membership.objects.get(user=member)
    invitation = Invitation.objects.create(
        email="new@example.com", group=membership.group, expires_at="2999-01-01T00:00:00Z"
    )
    from partners.services import invitation_token
    from search.models import SavedSearch

    saved = SavedSearch.objects.create(owner=demo_users["hq"], name="가로등", params={"q": "가로등"})
    objects = Objects(
        {
            ("", "pk"): str(own.pk),
            ("suggestions/", "pk"): str(own.pk),
            ("api/v1/suggestions/", "pk"): str(own.pk),
            ("api/v1/answers/", "pk"): str(answer.pk),
            ("suggestions/", "attachment_id"): str(attachment.pk),
            ("partners/members/", "pk"): str(membership.pk),
            ("hq/saved/", "pk"): str(saved.pk),
            ("", "slug"): membership.group.slug,
            ("", "token"): invitation_token(invitation),
            ("", "fmt"): "csv",
        }
    )
    return {
        "users": demo_users,
        "own": own,
        "public": public,
        "hidden": hidden,
        "answer": answer,
        "attachment": attachment,
        "objects": objects,
        "membership": membership,
    }


def client_for(users, role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    username = ROLES[role]
    if username:
        client.force_login(users[username])
    return client
