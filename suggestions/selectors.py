"""Reads. Every list of suggestions is filtered with partners.access.visible_suggestions_q (and by
the FilterSets in suggestions.filters); one object of each kind is fetched with its
`access_*_by_id` (missing and forbidden both → the same 404). Personal data is masked for everyone
but the police (`shown_title` / `shown_body`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from wagtail.models import Page

from partners import access
from partners.models import Department, PartnerGroup, Profile

from . import deadlines, events_catalogue, filters, geo
from .models import (
    AgencyReferral,
    Answer,
    Attachment,
    DeadlineExtension,
    Notification,
    Rating,
    SiteCheck,
    Suggestion,
    Support,
    TimelineEvent,
    TransferRequest,
)
from .text import mask_pii, sanitize
from .workflow import CLOCK_STATES

S = Suggestion.Status


def visible_suggestions(principal: access.Principal) -> QuerySet[Suggestion]:
    return (
        Suggestion.objects.filter(access.visible_suggestions_q(principal))
        .select_related("field", "group", "department", "station")
        .order_by("-created_at", "-id")
    )


def _pk(value: Any) -> int:
    """An id from a URL or a form; anything but a plain number matches nothing (a 404, not a 500)."""
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else 0


def access_suggestion_by_id(principal: access.Principal, suggestion_id: Any) -> Suggestion:
    """The suggestion if the principal may see it; Http404 for missing and forbidden alike."""
    s = visible_suggestions(principal).filter(pk=_pk(suggestion_id)).first()
    if s is None:
        raise Http404(gettext("제안을 찾을 수 없습니다."))
    return prepare(s, principal)


def access_inbox_suggestion_by_id(principal: access.Principal, suggestion_id: Any) -> Suggestion:
    """The suggestion as the department inbox opens it (`access.can_receive`), masked for the principal."""
    s = (
        Suggestion.objects.select_related("field", "group", "department", "author", "station")
        .filter(pk=_pk(suggestion_id))
        .first()
    )
    if s is None or not access.can_receive(principal, s):
        raise Http404(gettext("제안을 찾을 수 없습니다."))
    return prepare(s, principal)


_M = TypeVar("_M", Answer, Attachment, SiteCheck, AgencyReferral, TransferRequest, DeadlineExtension)


def _child_by_id(
    model: type[_M],
    principal: access.Principal,
    obj_id: Any,
    suggestion: Suggestion | None,
    allowed: Callable[[access.Principal, Suggestion], bool],
) -> _M:
    """One object that belongs to a suggestion, if `allowed` for the principal on that suggestion (and,
    when `suggestion` is given, only among its own objects); Http404 for missing and forbidden alike."""
    qs = model.objects.select_related("suggestion").filter(pk=_pk(obj_id))
    if suggestion is not None:
        qs = qs.filter(suggestion=suggestion)
    obj = qs.first()
    if obj is None or not allowed(principal, obj.suggestion):
        raise Http404(gettext("찾을 수 없습니다."))
    return obj


def access_answer_by_id(principal: access.Principal, answer_id: Any, suggestion: Suggestion | None = None) -> Answer:
    """Any version of an answer (drafts included): its department, HQ and administrators."""
    return _child_by_id(Answer, principal, answer_id, suggestion, access.can_view_answer_drafts)


def access_attachment_by_id(
    principal: access.Principal, attachment_id: Any, suggestion: Suggestion | None = None
) -> Attachment:
    """An attachment: whoever may see its suggestion."""
    return _child_by_id(Attachment, principal, attachment_id, suggestion, access.can_view_suggestion)


def access_site_check_by_id(
    principal: access.Principal, site_check_id: Any, suggestion: Suggestion | None = None
) -> SiteCheck:
    return _child_by_id(SiteCheck, principal, site_check_id, suggestion, access.can_view_site_work)


def access_site_check_photo_by_id(
    principal: access.Principal, site_check_id: Any, suggestion: Suggestion | None = None
) -> SiteCheck:
    """A site check's photos: the report's author and the police who handle it (POST-CSO)."""
    return _child_by_id(SiteCheck, principal, site_check_id, suggestion, access.can_view_site_check_photos)


def access_referral_by_id(
    principal: access.Principal, referral_id: Any, suggestion: Suggestion | None = None
) -> AgencyReferral:
    return _child_by_id(AgencyReferral, principal, referral_id, suggestion, access.can_view_site_work)


def access_transfer_by_id(
    principal: access.Principal, transfer_id: Any, suggestion: Suggestion | None = None
) -> TransferRequest:
    return _child_by_id(TransferRequest, principal, transfer_id, suggestion, access.can_view_site_work)


def access_extension_by_id(
    principal: access.Principal, extension_id: Any, suggestion: Suggestion | None = None
) -> DeadlineExtension:
    return _child_by_id(DeadlineExtension, principal, extension_id, suggestion, access.can_view_site_work)


def shown_text(text: str, principal: access.Principal) -> str:
    return text if access.can_see_original_pii(principal) else mask_pii(text)


def shown_html(html: str, principal: access.Principal) -> SafeString:
    """Sanitized again on output; masked for non-police."""
    clean = sanitize(html)
    return mark_safe(clean if access.can_see_original_pii(principal) else mask_pii(clean))


def shown_location(s: Suggestion, principal: access.Principal) -> tuple[float, float] | None:
    """The point a viewer may see: the pin for the police, its ~150 m grid cell's centre for anyone else."""
    if s.lat is None or s.lon is None:
        return None
    if access.can_see_exact_location(principal):
        return s.lat, s.lon
    return geo.coarsen(s.lat, s.lon)


def rating(s: Suggestion, principal: access.Principal) -> Rating | None:
    """The author's rating of the answer in force, its comment as `shown_comment` (masked for
    non-police), or None (also after a correction, until it is rated again)."""
    r = s.current_rating
    if r is not None:
        hidden = r.comment_hidden_at is not None and not (principal.is_police or access.is_author(principal, s))
        # A comment hidden by moderation: only the police and its author read it.
        cast(Any, r).shown_comment = (
            gettext("신고 검토 중인 의견입니다.") if hidden else shown_text(r.comment, principal)
        )
    return r


def prepare(s: Suggestion, principal: access.Principal) -> Suggestion:
    shown: Any = s  # display attributes read by templates and serializers
    shown.shown_title = shown_text(s.title, principal)
    shown.shown_body = shown_html(s.body, principal)
    shown.shown_address = shown_text(s.address, principal)
    point = shown_location(s, principal)
    shown.shown_lat, shown.shown_lon = point if point else (None, None)
    shown.location_exact = point is not None and access.can_see_exact_location(principal)
    shown.days_left = deadlines.days_left(s.due_date) if s.status in CLOCK_STATES and s.due_date else None
    shown.is_overdue = shown.days_left is not None and shown.days_left < 0
    return s


def prepare_all(items, principal: access.Principal) -> list[Suggestion]:
    return [prepare(s, principal) for s in items]


def timeline(s: Suggestion, principal: access.Principal) -> list[TimelineEvent]:
    events = s.events.select_related("actor").order_by("created_at", "id")
    if not access.can_view_police_only_events(principal):
        events = events.filter(police_only=False)
    out = list(events)
    for e in out:
        cast(Any, e).shown_message = shown_text(events_catalogue.timeline_message(e), principal)
    return out


def answers(s: Suggestion, principal: access.Principal) -> list[Answer]:
    """Published and superseded versions for everyone who sees the suggestion; drafts too for its department."""
    qs = s.answers.select_related("author", "approver").order_by("-version", "-id")
    if not access.can_view_answer_drafts(principal, s):
        qs = qs.filter(state__in=[Answer.State.PUBLISHED, Answer.State.SUPERSEDED])
    out = list(qs)
    for a in out:
        cast(Any, a).shown_body = shown_html(a.body, principal)
    return out


def has_supported(principal: access.Principal, s: Suggestion) -> bool:
    return principal.user_id is not None and Support.objects.filter(suggestion=s, user_id=principal.user_id).exists()


def filing_groups(principal: access.Principal) -> QuerySet[PartnerGroup]:
    """The partner groups the principal may file in the name of."""
    return PartnerGroup.objects.filter(pk__in=principal.group_ids)


def proposal_announcement(principal: access.Principal, page_id: Any) -> Page | None:
    """The policy announcement a proposal is filed on: live, one the filer may see (partners-only
    pages through `access.can_view_partners_only_pages`) and open for proposals. No id: None.
    Anything else is a ValidationError on `announcement`: missing, forbidden and other page types
    alike "not found" (no page is revealed), a closed one says so."""
    if not str(page_id if page_id is not None else "").strip():
        return None
    # By content type, not by class: announcements is a layer above suggestions.
    pages = Page.objects.live().filter(
        pk=_pk(page_id), content_type__app_label="announcements", content_type__model="policyannouncementpage"
    )
    if not access.can_view_partners_only_pages(principal):
        pages = pages.public()
    page = pages.specific().first()
    if page is None:
        raise ValidationError({"announcement": gettext("정책 공지를 찾을 수 없습니다.")})
    if not getattr(page, "is_open_for_proposals", False):
        raise ValidationError({"announcement": gettext("제안 접수가 마감된 공지입니다.")})
    return page


def published_answer(s: Suggestion) -> Answer | None:
    """The newest published answer; from `with_published_answers`'s prefetch when the row has it."""
    prefetched = getattr(s, "published_answers", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return s.answers.filter(state=Answer.State.PUBLISHED).order_by("-version").first()


def with_published_answers(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """Lists: each row's published answer (newest first) in `published_answers`, in one query."""
    published = Answer.objects.filter(state=Answer.State.PUBLISHED).select_related("department").order_by("-version")
    return qs.prefetch_related(Prefetch("answers", queryset=published, to_attr="published_answers"))


def my_suggestions(principal: access.Principal) -> QuerySet[Suggestion]:
    """The author's suggestions with their (visible) timeline events prefetched as `tracker`."""
    events = TimelineEvent.objects.order_by("created_at", "id")
    if principal.user_id is None:
        return Suggestion.objects.none()
    if not access.can_view_police_only_events(principal):
        events = events.filter(police_only=False)
    return (
        Suggestion.objects.filter(author_id=principal.user_id)
        .select_related("field", "group", "department")
        .prefetch_related(Prefetch("events", queryset=events, to_attr="tracker"))
        .order_by("-created_at", "-id")
    )


def notifications_for(user, channel: str = Notification.Channel.IN_APP) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, channel=channel).select_related("suggestion").order_by("-created_at")


def notification_channels(user) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return {"in_app": True, "email": True, "sms": False, "phone": ""}
    return {
        "in_app": profile.notify_in_app,
        "email": profile.notify_email,
        "sms": profile.notify_sms,
        "phone": profile.phone,
    }


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def inbox_suggestions(principal: access.Principal) -> QuerySet[Suggestion]:
    """The department inbox before its filters (suggestions.filters.InboxFilter): the principal's
    departments' suggestions (every department for HQ/admin), soonest deadline first."""
    qs = Suggestion.objects.select_related("field", "group", "department").filter(access.inbox_q(principal))
    if not access.can_route(principal):  # an unrouted one stays in officers' inboxes only until it is received
        qs = qs.filter(Q(department__isnull=False) | Q(status=S.SUBMITTED))
    return qs.order_by("due_date", "-created_at")


def department_inbox(principal: access.Principal, params: dict[str, Any] | None = None) -> QuerySet[Suggestion]:
    """The inbox filtered by `params` as the inbox page filters it."""
    return filters.filtered(filters.InboxFilter, inbox_suggestions(principal), params or {})


def triage_queue(principal: access.Principal) -> QuerySet[Suggestion]:
    """HQ's triage queue (본청 분류함): received suggestions no routing rule matched, on the clock
    since receipt, soonest deadline first, until HQ routes them. Empty for everyone who cannot route."""
    if not access.can_route(principal):
        return Suggestion.objects.none()
    qs = Suggestion.objects.filter(department__isnull=True, status__in=CLOCK_STATES)
    return qs.select_related("field", "group").order_by("due_date", "received_at", "pk")


def approval_queue(principal: access.Principal) -> QuerySet[Answer]:
    qs = Answer.objects.filter(access.approval_queue_q(principal), state=Answer.State.PENDING)
    qs = qs.select_related("suggestion", "author", "department")
    return qs.order_by("submitted_at")


def stuck_approvals(principal: access.Principal) -> QuerySet[Answer]:
    """Every answer waiting for approval, longest-waiting first, for whoever may reassign a stuck one
    (HQ, administrators): nothing waits unseen on an absent approver."""
    if not access.can_reassign_approval(principal):
        return Answer.objects.none()
    qs = Answer.objects.filter(state=Answer.State.PENDING)
    return qs.select_related("suggestion", "author", "department", "step_approver").order_by("submitted_at", "pk")


def pending_transfers(principal: access.Principal) -> QuerySet[TransferRequest]:
    if not access.can_route(principal):
        return TransferRequest.objects.none()
    return TransferRequest.objects.filter(state=TransferRequest.State.PENDING).select_related(
        "suggestion", "from_department", "to_department"
    )


# --- statistics ---------------------------------------------------------------------------------


@dataclass
class DepartmentStats:
    department: Department
    total: int = 0
    answered: int = 0
    open: int = 0
    overdue: int = 0
    answer_rate: float | None = None
    avg_business_days: float | None = None
    avg_calendar_days: float | None = None
    satisfaction: float | None = None
    ratings: int = 0
    extra: dict = field(default_factory=dict)


def department_stats() -> list[DepartmentStats]:
    """Numbers only (no titles, no people): safe for the public transparency page."""
    today = deadlines.local_today()
    counted = Suggestion.objects.exclude(status__in=[S.SUBMITTED, S.WITHDRAWN, S.MERGED]).filter(
        department__isnull=False
    )
    rows: dict[int, DepartmentStats] = {}
    for d in Department.objects.filter(is_active=True).order_by("name"):
        rows[d.pk] = DepartmentStats(d)
    agg = counted.values("department_id").annotate(
        total=Count("id"),
        answered=Count("id", filter=Q(status__in=[S.ANSWERED, S.IMPLEMENTED])),
        open=Count("id", filter=Q(status__in=[*CLOCK_STATES, S.SUPPLEMENT])),
        overdue=Count("id", filter=Q(status__in=CLOCK_STATES, due_date__lt=today)),
    )
    # The ratings of the answers now in force (a corrected answer's earlier rating no longer counts).
    rated = (
        Rating.objects.current()
        .filter(suggestion__in=counted)
        .values("suggestion__department_id")
        .annotate(satisfaction=Avg("score"), ratings=Count("id"))
        .order_by()
    )
    for row in rated:
        st = rows.get(row["suggestion__department_id"])
        if st is not None:
            st.satisfaction = round(row["satisfaction"], 2) if row["satisfaction"] is not None else None
            st.ratings = row["ratings"]
    for row in agg:
        st = rows.get(row["department_id"])
        if st is None:
            continue
        st.total, st.answered, st.open, st.overdue = row["total"], row["answered"], row["open"], row["overdue"]
        st.answer_rate = round(100.0 * st.answered / st.total, 1) if st.total else None
    durations: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for dep_id, received, answered in counted.filter(answered_at__isnull=False, received_at__isnull=False).values_list(
        "department_id", "received_at", "answered_at"
    ):
        start, end = deadlines.local_date(received), deadlines.local_date(answered)
        if start is None or end is None:  # excluded by the filter above
            continue
        durations[dep_id].append((deadlines.business_days_between(start, end), (end - start).days))
    for dep_id, values in durations.items():
        if dep_id in rows and values:
            rows[dep_id].avg_business_days = round(sum(v[0] for v in values) / len(values), 1)
            rows[dep_id].avg_calendar_days = round(sum(v[1] for v in values) / len(values), 1)
    return list(rows.values())


def hq_overview() -> dict[str, Any]:
    today = deadlines.local_today()
    by_status = dict(Suggestion.objects.values_list("status").annotate(n=Count("id")).order_by())
    status_rows = [(value, label, by_status.get(value, 0)) for value, label in S.choices]
    by_department = (
        Suggestion.objects.values("department__name", "status").annotate(n=Count("id")).order_by("department__name")
    )
    matrix: dict[str, dict[str, int]] = defaultdict(dict)
    for row in by_department:
        matrix[row["department__name"] or "미배정"][row["status"]] = row["n"]
    overdue_qs = Suggestion.objects.filter(status__in=CLOCK_STATES, due_date__lt=today)
    overdue = list(overdue_qs.select_related("department", "field").order_by("due_date", "pk")[:200])
    for s in overdue:
        due: dt.date = s.due_date or today  # due_date__lt above: never None
        cast(Any, s).overdue_days = deadlines.business_days_between(due, today)
    return {
        "status_rows": status_rows,
        "statuses": S.choices,
        "matrix": [(name, [counts.get(v, 0) for v, _ in S.choices]) for name, counts in sorted(matrix.items())],
        "overdue": overdue,
        "overdue_total": overdue_qs.count() if len(overdue) == 200 else len(overdue),  # the list shows 200
        "stats": department_stats(),
        "total": sum(by_status.values()),
    }
