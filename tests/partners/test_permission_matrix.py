"""Every cell of the matrix in docs/permissions.md, checked against partners.access (and, where a
page exists, over HTTP). The test reads the table from the document, so the two cannot drift."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone

from partners import access
from partners.models import Field, Membership, PartnerGroup
from tests.world import World as TestWorld

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"

ROLE_USERS = {
    "anonymous": None,
    "member of another group": "member_other",
    "member": "partner_member",
    "representative": "partner_rep",
    "officer of another department": "officer_safety",
    "officer": "officer_traffic",
    "head": "head_traffic",
    "deputy": "deputy_traffic",  # an officer the head named deputy (대결) for the current period
    "HQ": "hq",
    "auditor": "auditor",
    "admin": "admin",
}


def read_matrix() -> tuple[list[str], dict[str, dict[str, bool]]]:
    lines = DOC.read_text(encoding="utf-8").split("## Matrix", 1)[1].splitlines()
    rows = [line for line in lines if line.startswith("|")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    matrix = {}
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != len(header):
            break
        matrix[cells[0]] = {role: cells[i] == "Y" for i, role in enumerate(header[1:], start=1)}
    return header[1:], matrix


class Matrix:
    """The objects the matrix talks about (on the test world), plus an HTTP client logged in as the role."""

    def __init__(self, world: TestWorld, client):
        from suggestions.models import Suggestion

        self.users = world.users
        self.client = client
        self.group = world.group  # the representative's
        self.traffic = world.traffic
        author = world.member.__class__.objects.create_user("matrix_author", password="x-Unused-12345")
        Membership.objects.create(user=author, group=self.group)  # another member: not the viewer
        traffic = world.traffic
        field = world.fields["교통"]
        self.suggestions = {
            visibility: Suggestion.objects.create(
                title=f"{visibility} 제안 010-1234-5678",
                body="<p>본문</p>",
                field=field,
                group=self.group,
                author=author,
                visibility=visibility,
                department=traffic,
                created_at=timezone.now(),
            )
            for visibility in ("public", "partners", "police")
        }
        from announcements.models import PolicyAnnouncementPage
        from demo.announcements import seed_pages

        seed_pages()
        self.partners_page = PolicyAnnouncementPage.objects.live().not_public().first()

    def sees(self, principal, visibility: str) -> bool:
        from suggestions.models import Suggestion

        suggestion = self.suggestions[visibility]
        by_rule = access.can_view_suggestion(principal, suggestion)
        by_query = Suggestion.objects.filter(access.visible_suggestions_q(principal), pk=suggestion.pk).exists()
        by_tokens = bool(
            set(access.principal_tokens(principal)) & set(access.visibility_tokens(visibility, suggestion.author_id))
        )
        assert by_rule == by_query == by_tokens, f"database and index rules disagree on {visibility}"
        return by_rule

    def http_status(self, path: str) -> int:
        return self.client.get(path).status_code


def _group_page(world: Matrix, p) -> bool:
    allowed = access.can_manage_members(p, world.group.pk)
    status = world.http_status(f"/partners/groups/{world.group.slug}/")
    assert (status == 200) == allowed
    if p.is_authenticated and not allowed:  # forbidden answers exactly like missing
        missing = world.client.get("/partners/groups/no-such-group/")
        assert status == missing.status_code == 404
        assert world.client.get(f"/partners/groups/{world.group.slug}/").content == missing.content
    return allowed


def _partners_announcement(world: Matrix, p) -> bool:
    allowed = access.can_view_partners_only_pages(p)
    response = world.client.get(world.partners_page.url)
    assert (response.status_code == 200) == allowed, response.status_code
    if not allowed:
        missing = world.client.get("/announcements/no-such-announcement/")
        assert response.status_code == missing.status_code == 404
        assert response.content == missing.content
    return allowed


def _wagtail_admin(world: Matrix, p) -> bool:
    allowed = access.can_access_wagtail_admin(p)
    assert (world.http_status("/admin/") == 200) == allowed
    return allowed


def _invite_police(world: Matrix, p) -> bool:
    allowed = access.can_invite_police(p)
    assert (world.http_status("/partners/police/invite/") == 200) == allowed
    return allowed


def _cms(world: Matrix, p) -> bool:
    allowed = access.can_edit_cms(p)
    for path in ("/admin/partner_groups/", "/admin/memberships/", "/admin/invitations/", "/admin/departments/"):
        assert (world.http_status(path) == 200) == allowed, path
    home = world.partners_page.get_parent().get_parent()
    assert (world.http_status(f"/admin/pages/{home.pk}/edit/") == 200) == allowed
    return allowed


def _name_deputy(world: Matrix, p) -> bool:
    allowed = access.can_name_deputy(p, world.traffic.pk)
    assert (world.http_status("/admin/delegations/") == 200) == access.can_name_some_deputy(p)
    return allowed


def _briefing(world: Matrix, p) -> bool:
    allowed = access.can_request_briefing(p)
    assert (world.http_status("/hq/briefings/") == 200) == allowed
    return allowed


def _moderate(world: Matrix, p) -> bool:
    allowed = access.can_moderate(p)
    assert (world.http_status("/admin/moderation/") == 200) == allowed
    return allowed


def _patrol_plan(world: Matrix):
    """교통과 patrols for 강북경찰서 here: a plan of this week with one spot assigned to its officer."""
    from places.models import PoliceStation
    from suggestions.patrols.models import PatrolPlan, PatrolUnit

    station = PoliceStation.objects.get(name="강북경찰서")
    PatrolUnit.objects.get_or_create(station=station, defaults={"department": world.traffic})
    week = timezone.localdate().isocalendar()
    plan, new = PatrolPlan.objects.get_or_create(
        station=station, year=week.year, week=week.week, defaults={"department": world.traffic}
    )
    if new:
        plan.spots.create(label="강북구 수유동", time_band="22:00-02:00", assignee=world.users["officer_traffic"])
    return plan


def _patrol_pages(world: Matrix, p) -> bool:
    allowed = access.can_view_patrols(p)
    assert (world.http_status("/admin/patrols/") == 200) == allowed
    return allowed


def _plan_patrols(world: Matrix, p) -> bool:
    plan = _patrol_plan(world)
    allowed = access.can_plan_patrols(p, world.traffic.pk)
    assert (world.http_status(f"/admin/patrols/plans/{plan.pk}/") == 200) == allowed
    return allowed


def _log_patrol(world: Matrix, p) -> bool:
    plan = _patrol_plan(world)
    allowed = access.can_log_patrol(p, plan.spots.get().assignee_id, world.traffic.pk)
    page = world.client.get(f"/admin/patrols/plans/{plan.pk}/")
    assert ("patrol-log-form" in page.content.decode()) == allowed
    return allowed


def _export_patrols(world: Matrix, p) -> bool:
    plan = _patrol_plan(world)
    allowed = access.can_export_patrols(p, world.traffic.pk)
    assert (world.http_status(f"/admin/patrols/plans/{plan.pk}/plan.geojson") == 200) == allowed
    return allowed


def _follow(world: Matrix, p) -> bool:
    s = world.suggestions["partners"]
    allowed = access.can_follow(p, s)
    status = world.client.post(f"/api/v1/suggestions/{s.pk}/follow/").status_code
    assert (status == 200) == allowed, status
    return allowed


def _read_thread(world: Matrix, p) -> bool:
    s = world.suggestions["partners"]
    allowed = access.can_read_thread(p, s)
    status = world.http_status(f"/api/v1/suggestions/{s.pk}/messages/")
    assert (status == 200) == allowed, status
    if p.is_authenticated and not allowed:  # forbidden answers like missing
        assert status == world.http_status("/api/v1/suggestions/999999999/messages/") == 404
    return allowed


def _write_thread(world: Matrix, p) -> bool:
    """On a suggestion the member wrote (the department's side writes on any of its own)."""
    s = world.suggestions["partners"]
    own = SimpleNamespace(author_id=world.users["partner_member"].pk, department_id=s.department_id)
    if access.can_write_thread(p, s):  # the department's side, over HTTP too
        response = world.client.post(
            f"/api/v1/suggestions/{s.pk}/messages/", {"body": "답글"}, content_type="application/json"
        )
        assert response.status_code == 201, response.status_code
    return access.can_write_thread(p, own)


def _mark_implemented(world: Matrix, p) -> bool:
    s = world.suggestions["partners"]  # not answered yet: an allowed caller meets the workflow's 409
    allowed = access.can_mark_implemented(p, s)
    response = world.client.post(
        f"/api/v1/suggestions/{s.pk}/implement/", {"summary": "반영"}, content_type="application/json"
    )
    assert (response.status_code == 409) == allowed, response.status_code
    return allowed


def _audit_log(world: Matrix, p) -> bool:
    allowed = access.can_view_audit(p)
    assert (world.http_status("/admin/audit/") == 200) == allowed
    return allowed


def _pii(world: Matrix, p) -> bool:
    assert p.can_view_pii == access.can_see_original_pii(p)
    return access.can_see_original_pii(p)


def _ask_progress(world: Matrix, p) -> bool:
    """On a suggestion the member wrote (the matrix's example suggestion is another member's)."""
    own = SimpleNamespace(
        author_id=world.users["partner_member"].pk, department_id=world.suggestions["partners"].department_id
    )
    assert not access.can_ask_progress(p, world.suggestions["partners"])  # nobody here wrote that one
    return access.can_ask_progress(p, own)


def _own(world: Matrix) -> SimpleNamespace:
    """A proposal the member wrote (the matrix's example suggestion is another member's)."""
    return SimpleNamespace(
        author_id=world.users["partner_member"].pk, department_id=world.suggestions["partners"].department_id
    )


def _file_objection(world: Matrix, p) -> bool:
    """On the member's own answered proposal; over HTTP, anyone else filing on the example's is a 404."""
    s = world.suggestions["partners"]
    assert not access.can_object(p, s)  # nobody here wrote that one
    if p.is_authenticated:
        response = world.client.post(
            f"/api/v1/suggestions/{s.pk}/objection/", {"reason": "이의"}, content_type="application/json"
        )
        assert response.status_code == 404, response.status_code
    return access.can_object(p, _own(world))


def _rate_again(world: Matrix, p) -> bool:
    """A corrected answer is a new published version: the same author rule, once per version."""
    return access.can_rate(p, _own(world))


def _respond_objection(world: Matrix, p) -> bool:
    """An objection on the example suggestion: listed, with its answer form, on the department's page."""
    from suggestions.models import Answer, Objection

    s = world.suggestions["partners"]
    answer, _ = Answer.objects.get_or_create(
        suggestion=s,
        version=1,
        defaults={"department": world.traffic, "decision": "accepted", "body": "답변", "state": "published"},
    )
    obj, _ = Objection.objects.get_or_create(
        suggestion=s, answer=answer, defaults={"user": s.author, "reason": "이의", "due_date": timezone.localdate()}
    )
    allowed = access.can_respond_objection(p, s)
    page = world.client.get("/admin/objections/")
    assert (f'data-objection="{obj.pk}"' in page.content.decode()) == allowed
    return allowed


def _callback_queue(world: Matrix, p) -> bool:
    allowed = access.can_work_callbacks(p)
    assert (world.http_status("/admin/callbacks/") == 200) == allowed
    if p.is_authenticated and not allowed:  # forbidden answers exactly like missing
        assert world.http_status("/api/v1/callbacks/") == 404
    return allowed


def _callback_relay(world: Matrix, p) -> bool:
    """A relay to 교통과 on the matrix's partners-only suggestion: listed on the department's page."""
    from suggestions.callbacks.models import CallbackCase, Relay

    case, _ = CallbackCase.objects.get_or_create(suggestion=world.suggestions["partners"], source="overdue")
    relay, _ = Relay.objects.get_or_create(case=case, department=world.traffic, defaults={"request": "근거 부탁"})
    allowed = access.can_answer_relay(p, relay)
    page = world.client.get("/admin/callbacks/relays/")
    assert (f'data-relay="{relay.pk}"' in page.content.decode()) == allowed
    return allowed


def _site_check(world: Matrix):
    """A site check of the partners-only suggestion (교통과), unassigned, with one photo."""
    from django.core.files.base import ContentFile

    from suggestions.attachments import clean_upload
    from suggestions.referrals.models import SiteCheck, SiteCheckPhoto
    from tests.suggestions.test_attachments import jpeg_with_gps

    s = world.suggestions["partners"]
    check, new = SiteCheck.objects.get_or_create(suggestion=s, defaults={"scheduled_for": timezone.localdate()})
    if new:
        photo = clean_upload(ContentFile(jpeg_with_gps(), name="현장.jpg"), images_only=True)
        SiteCheckPhoto.objects.create(site_check=check, file=photo.content, size=photo.size)
    return check


def _record_site_check(world: Matrix, p) -> bool:
    check = _site_check(world)
    allowed = access.can_record_site_check(p, check)
    status = world.client.post(f"/admin/inbox/{check.suggestion_id}/action/site_checklist/", {"site_check": check.pk})
    assert (status.status_code == 302 and status["Location"].startswith("/admin/inbox/")) == allowed
    return allowed


def _site_check_photos(world: Matrix, p) -> bool:
    check = _site_check(world)
    allowed = access.can_view_site_check_photos(p, check.suggestion)
    assert (world.http_status(check.photos.get().file.url) == 200) == allowed
    return allowed


def _referral(world: Matrix):
    from demo.referrals import ensure_agencies
    from suggestions.referrals import links
    from suggestions.referrals.models import AgencyReferral

    agency = ensure_agencies()[0]
    s = world.suggestions["partners"]
    referral, _ = AgencyReferral.objects.get_or_create(
        suggestion=s,
        defaults={
            "agency": agency.name,
            "directory": agency,
            "referred_on": timezone.localdate(),
            "link_nonce": links.new_nonce(),
        },
    )
    return referral


def _refer(world: Matrix, p) -> bool:
    return access.can_handle(p, _referral(world).suggestion)


def _agency_link(world: Matrix, p) -> bool:
    from suggestions.referrals import links

    return world.http_status(f"/suggestions/referrals/link/{links.token_for(_referral(world))}/") == 200


def _open_referrals(world: Matrix, p) -> bool:
    allowed = access.can_view_open_referrals(p)
    assert (world.http_status("/admin/referrals/open/") == 200) == allowed
    return allowed


def _referral_directory(world: Matrix, p) -> bool:
    allowed = access.can_manage_referral_directory(p)
    assert (world.http_status("/admin/snippets/suggestions/agency/") == 200) == allowed
    assert (world.http_status("/admin/snippets/suggestions/checklistitem/") == 200) == allowed
    return allowed


CHECKS: dict[str, Callable[[Matrix, access.Principal], bool]] = {
    "see a public suggestion (PII masked)": lambda w, p: w.sees(p, "public"),
    "see a partners-only suggestion": lambda w, p: w.sees(p, "partners"),
    "see a police-only suggestion": lambda w, p: w.sees(p, "police"),
    "see original personal data (unmasked)": _pii,
    "file a suggestion": lambda w, p: access.can_file(p),
    "support (공감) a suggestion": lambda w, p: access.can_support(p, w.suggestions["partners"]),
    "follow a proposal (팔로우; 알림 끄기)": _follow,
    "read the proposal's private thread (its author too)": _read_thread,
    "write in the proposal's private thread (member: on their own)": _write_thread,
    "mark implemented (반영, with the record of what changed)": _mark_implemented,
    "answer (draft the official answer)": lambda w, p: access.can_answer(p, w.suggestions["partners"]),
    "approve (publish the answer)": lambda w, p: access.can_approve(p, w.suggestions["partners"]),
    "see the approval queue (결재 대기)": lambda w, p: access.can_view_approvals(p),
    "name a deputy for the department (대결 지정)": _name_deputy,
    "reassign a stuck approval to another approver": lambda w, p: access.can_reassign_approval(p),
    "ask for the deadline extension (연장 요청)": lambda w, p: access.can_request_extension(
        p, w.suggestions["partners"]
    ),
    "approve or reject a deadline extension (연장 결재)": lambda w, p: access.can_decide_extension(
        p, w.suggestions["partners"]
    ),
    "record the delay reason the proposer sees": lambda w, p: access.can_record_delay_reason(
        p, w.suggestions["partners"]
    ),
    "ask for progress on one's own suggestion (진행 상황 문의)": _ask_progress,
    "file an objection (이의신청) on one's own answered proposal": _file_objection,
    "rate again after a corrected answer": _rate_again,
    "respond to an objection": _respond_objection,
    "route / reassign to a department": lambda w, p: access.can_route(p),
    "HQ analytics (topic search, themes)": lambda w, p: p.can_view_hq,
    "make the monthly briefing (월간 브리핑: request, progress, PDF/XLSX downloads)": _briefing,
    "invite a representative": lambda w, p: access.can_invite_representative(p),
    "invite a member (to the group)": lambda w, p: access.can_invite_member(p, w.group.pk),
    "invite an officer, head or HQ analyst (경찰 계정 초대)": _invite_police,
    "see and deactivate the group's members": _group_page,
    "deactivate a partner group": lambda w, p: access.can_manage_groups(p),
    "see a partners-only announcement": _partners_announcement,
    "enter the Wagtail admin (department inbox)": _wagtail_admin,
    "edit pages, groups, departments in the Wagtail admin": _cms,
    "TOTP second factor (enrol; then verify at login)": lambda w, p: access.needs_second_factor(p),
    "report (신고) a proposal or comment": lambda w, p: access.can_report(p, w.suggestions["partners"]),
    "moderate reported items (hide / restore / edit-to-mask)": _moderate,
    "see the audit log (filters, CSV export)": _audit_log,
    "see the 탄력순찰 pages (patrol requests, weekly plans)": _patrol_pages,
    "plan patrols for the station (requests from hotspot cells, weekly plan)": _plan_patrols,
    "log a planned spot as patrolled (순찰 완료)": _log_patrol,
    "export the station's patrol plan and log (CSV, GeoJSON)": _export_patrols,
    "plan a site check, record its CPTED checklist and photos (현장진단)": _record_site_check,
    "see a site check's photos (whatever the suggestion's visibility)": _site_check_photos,
    "refer to an agency and record its outcome (관계기관 통보)": _refer,
    "record a referral's outcome through the agency's e-mailed link (anyone holding it, no account)": _agency_link,
    "see open referrals by agency and age (본청)": _open_referrals,
    "edit the agency directory and the CPTED checklist (Wagtail admin)": _referral_directory,
    "work the 청렴 콜 queue (assign, log calls, relay, answer back, close)": _callback_queue,
    "answer a 청렴 콜 relay addressed to one's department": _callback_relay,
}


def test_matrix_document_covers_every_role_and_check():
    roles, matrix = read_matrix()
    assert roles == list(ROLE_USERS)
    assert set(matrix) == set(CHECKS)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_cell_of_the_permission_matrix(role, world, client):
    _, matrix = read_matrix()
    username = ROLE_USERS[role]
    assert world.deputy  # named (in period) for every role, so the others are checked with a deputy around
    user = world.users[username] if username else None
    if user is not None:
        client.force_login(user)
    objects = Matrix(world, client)
    principal = access.principal_for(user)
    wrong = []
    for action, expected in matrix.items():
        got = CHECKS[action](objects, principal)
        if got != expected[role]:
            wrong.append(f"{action}: documented {expected[role]}, code says {got}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


@pytest.mark.django_db
def test_author_sees_own_police_only_suggestion_and_inactive_rows_count_for_nothing(world):
    from suggestions.models import Suggestion

    member = world.member
    group = PartnerGroup.objects.get(memberships__user=member)
    own = Suggestion.objects.create(
        title="경찰에게만",
        body="<p>x</p>",
        field=Field.objects.get(slug="traffic"),
        group=group,
        author=member,
        visibility="police",
        created_at=timezone.now(),
    )
    assert access.can_view_suggestion(access.principal_for(member), own)
    assert not access.can_support(access.principal_for(member), own)  # not one's own
    Membership.objects.filter(user=member).update(is_active=False)
    member = member.__class__.objects.get(pk=member.pk)
    principal = access.principal_for(member)
    assert not principal.is_partner and not access.can_file(principal)
    # still the author: what they filed stays theirs to see
    assert access.can_view_suggestion(principal, own)
