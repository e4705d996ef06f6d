"""The one place that decides who may see and do what.

Views, API views, Wagtail hooks, services and the search index all ask this module. The same
`visibility_tokens()` rules are stored in every search document (`access` field) and matched
against `principal_tokens()` at query time, so the index can never show more than the database.

Rules (see docs/permissions.md for the full matrix):
- public suggestions: everyone, including anonymous visitors (personal data masked);
- partners-only: active members of any active partner group, and the police;
- police-only: the police (officers, heads, HQ analysts, administrators) and the author;
- original (unmasked) personal data: police only, and not the 민원 점검관 (callback auditor), who is
  police otherwise (TOTP, the Wagtail admin, police-only suggestions) but reads masked texts;
- answering: officers/heads of the suggestion's department; approving: the approver of the answer's
  current step (the head by default; a team lead or a named user where the department configured an
  approval line), or the head's deputy while a delegation (대결) is in its period;
- routing, reassigning, synonyms, HQ analytics: HQ analysts and administrators;
- a suggestion hidden by moderation: the police and its author only (everyone else: 404);
  reporting: partner members; moderating: administrators; the audit log: HQ and administrators.
A deactivated member or group, or a group past its 위촉 종료일 (appointed_until), loses access at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, partial

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast
from django.utils import timezone

from .models import Delegation, Membership, OfficerMembership, Profile

PUBLIC = "public"
PARTNERS = "partners"
POLICE = "police"


@dataclass(frozen=True)
class Principal:
    """What the current user is, computed once per request from active rows only."""

    user_id: int | None = None
    is_admin: bool = False
    is_hq: bool = False
    is_auditor: bool = False  # 민원 점검관: police (TOTP, Wagtail admin), masked texts only
    group_ids: frozenset[int] = field(default_factory=frozenset)
    rep_group_ids: frozenset[int] = field(default_factory=frozenset)
    department_ids: frozenset[int] = field(default_factory=frozenset)
    head_department_ids: frozenset[int] = field(default_factory=frozenset)
    team_lead_department_ids: frozenset[int] = field(default_factory=frozenset)
    # (department_id, head_user_id) of the delegations whose deputy this user is right now.
    deputy_for: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    @property
    def acting_head_department_ids(self) -> frozenset[int]:
        return self.head_department_ids | {d for d, _ in self.deputy_for}

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_partner(self) -> bool:
        return bool(self.group_ids)

    @property
    def is_officer(self) -> bool:
        return bool(self.department_ids)

    @property
    def is_police(self) -> bool:
        return self.is_admin or self.is_hq or self.is_officer or self.is_auditor

    @property
    def can_view_hq(self) -> bool:
        return self.is_admin or self.is_hq

    @property
    def can_view_pii(self) -> bool:
        # Not the 민원 점검관: the callback role reads masked texts only (issue 11).
        return self.is_admin or self.is_hq or self.is_officer

    @cached_property
    def role_label(self) -> str:
        if self.is_admin:
            return "admin"
        if self.is_hq:
            return "hq"
        if self.head_department_ids:
            return "head"
        if self.department_ids:
            return "officer"
        if self.is_auditor:
            return "auditor"
        if self.rep_group_ids:
            return "representative"
        if self.group_ids:
            return "member"
        return "anonymous" if self.user_id is None else "user"


ANONYMOUS = Principal()


def principal_for(user) -> Principal:
    """Build the Principal for a Django user (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_cheong_principal", None)
    if cached is not None:
        return cached
    # One round trip (UNION ALL) for the facts every page needs: memberships, officer posts, HQ and
    # 민원 점검관 flags, delegations.
    kind = partial(Value, output_field=CharField())
    now = timezone.now()
    rows = list(
        Membership.objects.filter(user=user, is_active=True, group__is_active=True)
        # 위촉 종료일 passed: no partner access, even before the nightly task deactivates the group.
        .exclude(group__appointed_until__lt=timezone.localdate())
        .values_list(kind("m"), "group_id", "role")
        .order_by()  # SQLite refuses ORDER BY (a model's Meta.ordering) inside UNION parts
        .union(
            OfficerMembership.objects.filter(user=user, is_active=True, department__is_active=True)
            .values_list(kind("o"), "department_id", "role")
            .order_by(),
            Profile.objects.filter(user=user, is_hq_analyst=True)
            .values_list(kind("p"), "user_id", kind(""))
            .order_by(),
            Profile.objects.filter(user=user, is_callback_auditor=True)
            .values_list(kind("a"), "user_id", kind(""))
            .order_by(),
            # 대결 in its period, while the deputy still serves in the department.
            Delegation.objects.filter(
                deputy=user,
                starts_at__lte=now,
                ends_at__gt=now,
                revoked_at__isnull=True,
                department__is_active=True,
                department__officers__user=user,
                department__officers__is_active=True,
            )
            .values_list(kind("d"), "department_id", Cast("head_id", CharField()))
            .order_by(),
            all=True,
        )
    )
    memberships = [(ref, role) for k, ref, role in rows if k == "m"]
    officers = [(ref, role) for k, ref, role in rows if k == "o"]
    is_hq = any(k == "p" for k, _, _ in rows)
    is_auditor = any(k == "a" for k, _, _ in rows)
    deputy_for = frozenset((ref, int(head)) for k, ref, head in rows if k == "d")
    principal = Principal(
        user_id=user.pk,
        is_admin=user.is_superuser,
        is_hq=is_hq,
        is_auditor=is_auditor,
        group_ids=frozenset(g for g, _ in memberships),
        rep_group_ids=frozenset(g for g, r in memberships if r == Membership.Role.REPRESENTATIVE),
        department_ids=frozenset(d for d, _ in officers),
        head_department_ids=frozenset(d for d, r in officers if r == OfficerMembership.Role.HEAD),
        team_lead_department_ids=frozenset(d for d, r in officers if r == OfficerMembership.Role.TEAM_LEAD),
        deputy_for=deputy_for,
    )
    user._cheong_principal = principal
    return principal


def forget_principal(user) -> None:
    """Drop the Principal cached on `user`, after its memberships or posts changed in this request."""
    user.__dict__.pop("_cheong_principal", None)


# --- Seeing suggestions ---------------------------------------------------------------------


def visibility_tokens(visibility: str, author_id: int | None) -> list[str]:
    """Access tokens stored with a suggestion (database rule == index rule)."""
    tokens = [visibility]
    if author_id is not None:
        tokens.append(f"user:{author_id}")
    return tokens


def principal_tokens(principal: Principal) -> list[str]:
    """Tokens a principal holds; a suggestion is visible when the two lists intersect."""
    tokens = [PUBLIC]
    if principal.is_partner or principal.is_police:
        tokens.append(PARTNERS)
    if principal.is_police:
        tokens.append(POLICE)
    if principal.user_id is not None:
        tokens.append(f"user:{principal.user_id}")
    return tokens


def visibility_levels(principal: Principal) -> list[str]:
    """The visibility levels a principal sees (its tokens without the per-author one)."""
    return [t for t in principal_tokens(principal) if ":" not in t]


def visible_suggestions_q(principal: Principal, prefix: str = "") -> Q:
    """Q over Suggestion (or a relation to it through `prefix`, e.g. "suggestion__")."""
    q = Q(**{f"{prefix}visibility__in": visibility_levels(principal)})
    if not principal.is_police:
        q &= Q(**{f"{prefix}hidden_at__isnull": True})
    if principal.user_id is not None:
        q |= Q(**{f"{prefix}author_id": principal.user_id})
    return q


def can_view_suggestion(principal: Principal, suggestion) -> bool:
    if suggestion.hidden_at is not None and not (principal.is_police or is_author(principal, suggestion)):
        return False
    tokens = set(principal_tokens(principal))
    return bool(tokens.intersection(visibility_tokens(suggestion.visibility, suggestion.author_id)))


# --- Doing things -----------------------------------------------------------------------------


def can_file(principal: Principal, group_id: int | None = None) -> bool:
    if group_id is None:
        return principal.is_partner
    return group_id in principal.group_ids


def can_support(principal: Principal, suggestion) -> bool:
    return (
        principal.is_partner
        and suggestion.author_id != principal.user_id
        and can_view_suggestion(principal, suggestion)
    )


def is_author(principal: Principal, suggestion) -> bool:
    return principal.user_id is not None and suggestion.author_id == principal.user_id


def can_answer(principal: Principal, suggestion) -> bool:
    return suggestion.department_id is not None and suggestion.department_id in principal.department_ids


def can_approve(principal: Principal, suggestion) -> bool:
    """The head's approval of the suggestion's department (the default line): its heads and, during a
    delegation, their deputy. An answer's actual step is `answer_approval`."""
    return suggestion.department_id is not None and is_acting_head(principal, suggestion.department_id)


def is_acting_head(principal: Principal, department_id: int) -> bool:
    """The department's head, or the deputy a head named for the current period (대결)."""
    return department_id in principal.acting_head_department_ids


def answer_approval(principal: Principal, answer) -> tuple[bool, int | None]:
    """May the principal approve (or return) the pending answer at its current step, and on whose
    behalf (the absent head's user id when it is a deputy's 대결, else None).

    The step's approver is on the answer: `step_approver_id` (a named user, or the one HQ reassigned a
    stuck approval to) or else `step_role` in the answer's department."""
    if principal.user_id is None or answer.state != "pending":
        return False, None
    department_id, approver_id = answer.department_id, answer.step_approver_id
    if approver_id is not None:
        if approver_id == principal.user_id:
            return True, None
        if (department_id, approver_id) in principal.deputy_for:
            return True, approver_id
        return False, None
    if answer.step_role == OfficerMembership.Role.HEAD:
        if department_id in principal.head_department_ids:
            return True, None
        heads = sorted(h for d, h in principal.deputy_for if d == department_id)
        return (True, heads[0]) if heads else (False, None)
    if answer.step_role == OfficerMembership.Role.TEAM_LEAD:
        return department_id in principal.team_lead_department_ids, None
    return False, None


def can_name_deputy(principal: Principal, department_id: int) -> bool:
    """Name (or revoke) a deputy for a department: its heads, and HQ/admins for an absent head."""
    return department_id in principal.head_department_ids or can_route(principal)


def can_name_some_deputy(principal: Principal) -> bool:
    """The 대결 지정 page and its menu item: heads, HQ, admins."""
    return bool(principal.head_department_ids) or can_route(principal)


def can_reassign_approval(principal: Principal) -> bool:
    """Give a stuck approval to another approver (with a reason): HQ and administrators."""
    return can_route(principal)


def can_route(principal: Principal) -> bool:
    return principal.is_admin or principal.is_hq


def hq_users_q() -> Q:
    """`Principal.can_view_hq` as a Q over active users (Wagtail asks policies "who holds this permission?")."""
    return (Q(is_superuser=True) | Q(profile__is_hq_analyst=True)) & Q(is_active=True)


def can_invite_representative(principal: Principal) -> bool:
    return principal.is_admin or principal.is_hq


def can_invite_police(principal: Principal) -> bool:
    """Invite an officer, team lead, head or HQ analyst by e-mail: administrators."""
    return principal.is_admin


def can_invite_member(principal: Principal, group_id: int) -> bool:
    return group_id in principal.rep_group_ids or principal.is_admin or principal.is_hq


def can_manage_members(principal: Principal, group_id: int) -> bool:
    """See a group's member list and deactivate its members: its representatives, HQ, admins."""
    return can_invite_member(principal, group_id)


def can_manage_some_group(principal: Principal) -> bool:
    """Has a group page to manage (the home page's shortcut): representatives, HQ, admins."""
    return bool(principal.rep_group_ids) or can_manage_groups(principal)


def can_manage_groups(principal: Principal) -> bool:
    """Create, appoint and deactivate partner groups."""
    return principal.is_admin or principal.is_hq


def can_manage_deliveries(principal: Principal) -> bool:
    """The failed e-mail/SMS deliveries list (original unmasked addresses) and its retry: administrators."""
    return principal.is_admin


def can_manage_stations(principal: Principal) -> bool:
    """Police stations and their areas (places.PoliceStation): administrators."""
    return principal.is_admin


def can_access_wagtail_admin(principal: Principal) -> bool:
    """Entering the Wagtail admin: the police (their department inbox; the 경찰 auth group gets
    `wagtailadmin.access_admin` in suggestions.apps) and administrators."""
    return principal.is_police


def can_use_inbox(principal: Principal) -> bool:
    """The department inbox, its menu and the answer templates: the police (what they may open in it
    is `can_receive`)."""
    return principal.is_police


def can_preview_similar(principal: Principal) -> bool:
    """Similar suggestions while filing (the filing form's preview): partner members and the police."""
    return principal.is_partner or principal.is_police


def can_edit_cms(principal: Principal) -> bool:
    """Editing pages (announcements) and managing groups, departments, memberships and invitations
    in the Wagtail admin: site administrators (superusers)."""
    return principal.is_admin


def can_view_partners_only_pages(principal: Principal) -> bool:
    """Partners-only announcements (Wagtail page privacy): active partner members and the police."""
    return principal.is_partner or principal.is_police


def page_audience(principal: Principal) -> str:
    """Who shares a cached page fragment (core.page_cache): everyone with the same label may see the
    same announcements; finer differences (quick links, own proposals) stay outside the fragment."""
    return "partners" if can_view_partners_only_pages(principal) else "public"


def needs_second_factor(principal: Principal) -> bool:
    """Officers, heads, HQ and administrators who enrolled a TOTP device verify it after login."""
    return principal.is_police


def can_see_original_pii(principal: Principal) -> bool:
    return principal.can_view_pii


def can_see_exact_location(principal: Principal) -> bool:
    """A report's pin as placed: the police who see original personal data (not the 민원 점검관).
    Everyone else gets it coarsened (suggestions.geo.coarsen)."""
    return principal.can_view_pii


def can_view_police_only_events(principal: Principal) -> bool:
    """Timeline events marked police-only (internal notes, transfers, referrals): the police."""
    return principal.is_police


def is_department_head(principal: Principal, department_id: int | None = None) -> bool:
    """A head (부서장) of `department_id`, or of any department when it is None."""
    if department_id is None:
        return bool(principal.head_department_ids)
    return department_id in principal.head_department_ids


def can_view_approvals(principal: Principal) -> bool:
    """The approval queue (결재 대기): heads, team leads, current deputies and administrators. A user
    named on a step (or given a stuck approval) is told, and approves from the suggestion's page."""
    return bool(principal.acting_head_department_ids or principal.team_lead_department_ids) or principal.is_admin


def approval_queue_q(principal: Principal) -> Q:
    """`answer_approval` as a Q over pending Answers (administrators: every one)."""
    if principal.is_admin:
        return Q()
    if principal.user_id is None:
        return Q(pk__in=[])
    q = Q(step_approver_id=principal.user_id)
    for department_id, head_id in principal.deputy_for:
        q |= Q(department_id=department_id, step_approver_id=head_id)
    unnamed = Q(step_approver__isnull=True)
    q |= unnamed & Q(step_role=OfficerMembership.Role.HEAD, department_id__in=principal.acting_head_department_ids)
    q |= unnamed & Q(step_role=OfficerMembership.Role.TEAM_LEAD, department_id__in=principal.team_lead_department_ids)
    return q


# --- Moderation and the audit log ---------------------------------------------------------------


def can_report(principal: Principal, suggestion) -> bool:
    """신고 a proposal or its rating comment: partner members who see it (not their own)."""
    return principal.is_partner and not is_author(principal, suggestion) and can_view_suggestion(principal, suggestion)


def can_moderate(principal: Principal) -> bool:
    """The moderation queue (hide / restore / edit-to-mask reported items): administrators."""
    return principal.is_admin


def can_view_audit(principal: Principal) -> bool:
    """The audit-log viewer and its CSV export: HQ analysts and administrators."""
    return principal.is_admin or principal.is_hq


# --- Suggestion workflow (suggestions.services) ---------------------------------------------


def can_handle(principal: Principal, suggestion) -> bool:
    """Department work on a suggestion (receive, supplement request, extension, site check,
    agency referral, transfer request, implementation, merge): its department's officers, HQ, admins."""
    return can_answer(principal, suggestion) or can_route(principal)


def can_request_extension(principal: Principal, suggestion) -> bool:
    """Ask for the one deadline extension (처리 기한 연장 요청): the department's officers and heads."""
    return can_answer(principal, suggestion)


def can_decide_extension(principal: Principal, suggestion) -> bool:
    """Approve or reject an extension request: whoever approves the department's answers (its heads)."""
    return can_approve(principal, suggestion)


def can_record_delay_reason(principal: Principal, suggestion) -> bool:
    """The delay reason the proposer sees next to "기한 경과": the department's officers and heads."""
    return can_answer(principal, suggestion)


def can_ask_progress(principal: Principal, suggestion) -> bool:
    """진행 상황 문의 (the proposer asks; a progress notice answers): the author."""
    return is_author(principal, suggestion)


def can_receive(principal: Principal, suggestion) -> bool:
    """접수, and opening a suggestion in the department inbox: whoever may handle it, and any officer
    while it is still unrouted (no department yet)."""
    return can_handle(principal, suggestion) or (suggestion.department_id is None and principal.is_officer)


def inbox_q(principal: Principal, prefix: str = "") -> Q:
    """`can_receive` as a Q over Suggestion (or a relation through `prefix`)."""
    if can_route(principal):
        return Q()
    q = Q(**{f"{prefix}department_id__in": principal.department_ids})
    if principal.is_officer:
        q |= Q(**{f"{prefix}department__isnull": True})
    return q


def can_view_answer_drafts(principal: Principal, suggestion) -> bool:
    """Drafts, pending and returned answers (and the answer API): its department's officers, HQ, admins."""
    return can_answer(principal, suggestion) or can_route(principal)


def can_view_site_work(principal: Principal, suggestion) -> bool:
    """Site checks, agency referrals and transfer requests looked up one by one: whoever handles it."""
    return can_handle(principal, suggestion)


def can_withdraw(principal: Principal, suggestion) -> bool:
    return is_author(principal, suggestion)


def can_rate(principal: Principal, suggestion) -> bool:
    return is_author(principal, suggestion)


def can_view_department(principal: Principal, department_id: int) -> bool:
    """A department's inbox and statistics in detail: its officers, HQ, admins."""
    return department_id in principal.department_ids or can_route(principal)


# --- 이의신청·재평가 (suggestions.objections, services.participation.rate) ------------------------


def can_object(principal: Principal, suggestion) -> bool:
    """이의신청 against the published answer: its proposer (once per answer version)."""
    return is_author(principal, suggestion)


def can_respond_objection(principal: Principal, suggestion) -> bool:
    """Answer an objection: the department that answered (officers and heads), HQ, admins."""
    return can_handle(principal, suggestion)


def can_view_objection(principal: Principal, suggestion) -> bool:
    """An objection and its response: the proposer and whoever may respond."""
    return is_author(principal, suggestion) or can_respond_objection(principal, suggestion)


# --- 월간 브리핑 -----------------------------------------------------------------------------------


def can_request_briefing(principal: Principal) -> bool:
    """HQ's monthly briefing (request it, see its progress, download its PDF/XLSX): HQ and admins."""
    return principal.is_admin or principal.is_hq


# --- 팔로우·대화·반영 (suggestions.following) ---------------------------------------------------


def can_follow(principal: Principal, suggestion) -> bool:
    """팔로우 (told when it is answered, corrected or implemented): partner members who see it, not its
    author (who is told anyway)."""
    return principal.is_partner and not is_author(principal, suggestion) and can_view_suggestion(principal, suggestion)


def can_read_thread(principal: Principal, suggestion) -> bool:
    """The private thread under a proposal: its author, the responsible department, HQ and admins."""
    return is_author(principal, suggestion) or can_answer(principal, suggestion) or can_route(principal)


def can_write_thread(principal: Principal, suggestion) -> bool:
    """Write in the private thread: its author and the responsible department's officers (HQ and
    admins read only)."""
    return is_author(principal, suggestion) or can_answer(principal, suggestion)


def can_mark_implemented(principal: Principal, suggestion) -> bool:
    """반영 (implemented), with its record of what changed: whoever handles the suggestion."""
    return can_handle(principal, suggestion)


# --- 탄력순찰 (suggestions.patrols) ---------------------------------------------------------------


def can_view_patrols(principal: Principal) -> bool:
    """The 탄력순찰 pages (requests, plans, spots with the reports' pins): officers, heads, HQ and
    admins — not the 민원 점검관, whose work is callbacks. Each plan is still checked by area."""
    return principal.is_admin or principal.is_hq or principal.is_officer


def can_plan_patrols(principal: Principal, department_id: int | None) -> bool:
    """Turn hotspot cells into patrol requests and plan a week for an area: HQ and admins anywhere;
    officers and heads of the department that patrols for the area's station (`department_id`)."""
    return (
        principal.is_admin
        or principal.is_hq
        or (department_id is not None and department_id in principal.department_ids)
    )


def can_plan_some_patrols(principal: Principal) -> bool:
    """Whether the 탄력순찰 planning actions are shown at all (each area is still checked)."""
    return principal.is_admin or principal.is_hq or principal.is_officer


def can_log_patrol(principal: Principal, assignee_id: int | None, department_id: int | None) -> bool:
    """Log "patrolled" for a spot: its assigned officer, or an officer of the plan's department."""
    if principal.user_id is not None and principal.user_id == assignee_id:
        return True
    return department_id is not None and department_id in principal.department_ids


def can_export_patrols(principal: Principal, department_id: int | None) -> bool:
    """A plan and its log as CSV / GeoJSON (spot coordinates): HQ and admins, and the officers of the
    department that patrols the plan's area (the same who see the plan)."""
    return can_plan_patrols(principal, department_id)


# --- POST-CSO 현장진단·관계기관 통보 (suggestions.referrals) ------------------------------------------


def can_record_site_check(principal: Principal, check) -> bool:
    """A site check's checklist, finding and photos: its assigned officer, or whoever handles the
    suggestion (its department, HQ, admins)."""
    if principal.user_id is not None and principal.is_officer and principal.user_id == check.assigned_to_id:
        return True
    return can_handle(principal, check.suggestion)


def can_view_site_check_photos(principal: Principal, suggestion) -> bool:
    """Site-check photos (they can show people, plates, doors): the report's author and the police
    who handle it — not the other partners nor the public, whatever the report's visibility."""
    return is_author(principal, suggestion) or can_handle(principal, suggestion)


def can_manage_referral_directory(principal: Principal) -> bool:
    """The agency directory and the CPTED checklist items (Wagtail admin): HQ and admins."""
    return can_route(principal)


def can_view_open_referrals(principal: Principal) -> bool:
    """HQ's table of open referrals by agency and age: HQ and admins."""
    return can_route(principal)


# --- 청렴 콜 (suggestions.callbacks) -------------------------------------------------------------


def can_work_callbacks(principal: Principal) -> bool:
    """The callback queue and its cases (assign, log a call, relay, answer back, close): the
    민원 점검관, HQ and admins. The auditor reads every case's proposal masked (`can_view_pii` is false)."""
    return principal.is_auditor or can_route(principal)


def is_callback_assignee(principal: Principal) -> bool:
    """Who a case may be assigned to: the 민원 점검관."""
    return principal.is_auditor


def can_answer_relay(principal: Principal, relay) -> bool:
    """A relay's required response: the officers and heads of the department it is addressed to."""
    return relay.department_id in principal.department_ids


def can_view_relays(principal: Principal) -> bool:
    """The page of relays (and re-reviews) addressed to one's department: officers and heads."""
    return principal.is_officer


def relays_q(principal: Principal, prefix: str = "") -> Q:
    """`can_answer_relay` as a Q over Relay (or through `prefix`)."""
    return Q(**{f"{prefix}department_id__in": principal.department_ids})
