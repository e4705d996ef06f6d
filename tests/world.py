"""The one test world: the demo's named people, fields, departments and groups, and `file()` to file
a suggestion through the real service. Every test package builds on it (fixture `world`); nothing
here mocks a service or writes a row the services would write differently (`suggestion()` is the
one raw-row shortcut, for search corpora that need fixed dates and no workflow).

The people come from the demo seed, so the tests and `make run` show the same users and roles.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.partners import seed_people
from partners.access import Principal, principal_for
from partners.models import Department, Field, Membership, PartnerGroup
from suggestions import services
from suggestions.models import RoutingRule, Suggestion

SEOUL = ZoneInfo("Asia/Seoul")

# What `file()` files unless told otherwise: a public 교통 (traffic) field report at a place.
FILING: dict[str, Any] = {
    "title": "수유역 사거리 신호 고장",
    "body": "<p>보행 신호가 자주 꺼집니다.</p>",
    "visibility": Suggestion.Visibility.PUBLIC,
}
PLACE: dict[str, Any] = {
    "district": "강북구",
    "address": "수유역 사거리",
    "lat": 37.63841,
    "lon": 127.02481,
    "time_band": "22:00-02:00",
    "risk_type": Suggestion.RiskType.TRAFFIC_RISK,
}


def file(author: User, *, place: bool = True, **overrides: Any) -> Suggestion:
    """`author` files a suggestion through `services.file_suggestion` (received and routed at once):
    by default a public traffic field report at a place; `place=False` leaves out the place, pin, time
    band and risk type; any keyword of the service overrides the defaults."""
    data: dict[str, Any] = {"kind": Suggestion.Kind.FIELD_REPORT, **FILING, "field": Field.objects.get(name="교통")}
    if place:
        data.update(PLACE)
    data.update(overrides)
    return services.file_suggestion(author, **data)


def police_device(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device (a real django-otp row; enrolled on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now: the current step's, or the next one when this step's was used
    already (django-otp refuses a replayed step; its tolerance allows one step ahead)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        raise RuntimeError("TOTP: this device was used for the next step already; wait for the step to pass")
    totp.time = totp.time + (step - now) * device.step
    return f"{totp.token():0{device.digits}d}"


def verify_second_factor(request_or_session, user: User) -> None:
    """Mark a session as TOTP-verified for a police user (what `django_otp.login` stores)."""
    from partners.access import needs_second_factor

    if not needs_second_factor(principal_for(get_user_model().objects.get(pk=user.pk))):
        return
    session = getattr(request_or_session, "session", request_or_session)
    session[DEVICE_ID_SESSION_KEY] = police_device(user).persistent_id


class World:
    """The demo people (`users`, keyed by username) with a handle per role, and the organisations."""

    def __init__(self) -> None:
        self.users: dict[str, User] = seed_people()
        self.admin = self.users["admin"]
        self.hq = self.users["hq"]  # HQ analyst
        self.auditor = self.users["auditor"]  # 민원 점검관 (callback auditor): police, masked texts
        self.officer_traffic = self.users["officer_traffic"]
        self.head_traffic = self.users["head_traffic"]
        self.officer_safety = self.users["officer_safety"]
        self.head_safety = self.users["head_safety"]
        self.representative = self.users["partner_rep"]  # of the member's group
        self.member = self.users["partner_member"]
        self.member_other = self.users["member_other"]  # a member of another group
        self.fields: dict[str, Field] = {f.name: f for f in Field.objects.all()}
        self.departments: dict[str, Department] = {d.slug: d for d in Department.objects.order_by("pk")}
        self.groups: dict[str, PartnerGroup] = {g.slug: g for g in PartnerGroup.objects.order_by("pk")}
        self.traffic = self.departments["traffic"]  # 교통과
        self.safety = self.departments["community-safety"]  # 생활안전과
        self.group = Membership.objects.get(user=self.member).group  # the member's and representative's
        self.other_group = Membership.objects.get(user=self.member_other).group
        for user in (
            self.admin,
            self.hq,
            self.auditor,
            self.officer_traffic,
            self.head_traffic,
            self.officer_safety,
            self.head_safety,
        ):
            police_device(user)  # the police enrolled TOTP (required for their roles)

    @cached_property
    def outsider(self) -> User:
        """A signed-in user with no role at all (created on first use)."""
        return get_user_model().objects.create_user("outsider", password="x" * 12)

    @cached_property
    def deputy(self) -> User:
        """`deputy_traffic`: an officer of 교통과 whom its head named deputy (대결) for the days around
        now (created on first use, then also in `users`)."""
        from django.utils import timezone

        from partners.models import OfficerMembership
        from partners.services import name_deputy

        user = get_user_model().objects.create_user("deputy_traffic", password="x" * 12)
        OfficerMembership.objects.create(user=user, department=self.traffic, role=OfficerMembership.Role.OFFICER)
        now = timezone.now()
        name_deputy(
            self.head_traffic,
            self.traffic,
            deputy=user,
            starts_at=now - dt.timedelta(days=1),
            ends_at=now + dt.timedelta(days=30),
            reason="장기 교육 파견",
        )
        self.users[user.username] = user
        police_device(user)
        return user

    def principal(self, user: User | None) -> Principal:
        """The user's principal, read afresh (no principal cached on the user object)."""
        if user is not None:
            user = get_user_model().objects.get(pk=user.pk)
        return principal_for(user)

    def file(self, author: User | None = None, **overrides: Any) -> Suggestion:
        """`file()` as `author` (default: the member)."""
        return file(author or self.member, **overrides)

    def department_for(self, field_name: str) -> Department | None:
        """The department the field routes to by default (its rule for any kind and district)."""
        rule = RoutingRule.objects.filter(field=self.fields[field_name], kind="", district="").first()
        return rule.department if rule else None

    def suggestion(
        self, title: str, body: str, created: str = "2026-03-01", field: str = "범죄예방", **kw: Any
    ) -> Suggestion:
        """A bare Suggestion row (no workflow, no events) dated `created` 10:00 Seoul time, public,
        in the member's group, with the department `field` routes to: for search corpora."""
        created_at = kw.pop("created_at", None) or dt.datetime.combine(
            dt.datetime.fromisoformat(created).date(), dt.time(10, 0), tzinfo=SEOUL
        )
        kw.setdefault("group", self.group)
        kw.setdefault("visibility", Suggestion.Visibility.PUBLIC)
        kw.setdefault("department", self.department_for(field))
        return Suggestion.objects.create(title=title, body=body, field=self.fields[field], created_at=created_at, **kw)
