"""Demo and test people: fields, partner groups, departments, routing rules and one account per role.

`seed_people()` is idempotent (safe to run on every `make run`) and is what the test suite's
world (tests/world.py) calls, so tests and the demo share the same named users.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from partners import access
from partners.models import Department, Field, Membership, OfficerMembership, PartnerGroup, Profile
from partners.services import sync_partner_auth_group
from suggestions.models import RoutingRule

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# 위촉 기간 of the demo groups (two-year appointment).
APPOINTED_FROM = datetime.date(2026, 1, 1)
APPOINTED_UNTIL = datetime.date(2027, 12, 31)

# (slug, name, English name)
FIELDS: list[tuple[str, str, str]] = [
    ("crime-prevention", "범죄예방", "Crime prevention"),
    ("women-children", "아동·여성", "Children and women"),
    ("traffic", "교통", "Traffic"),
    ("investigation-security", "수사·안보", "Investigation and security"),
    ("assembly", "집회·시위", "Assemblies and demonstrations"),
]

# Default routing: field slug → preferred department slug (fallback: first department owning the field).
DEFAULT_ROUTES: dict[str, str] = {
    "crime-prevention": "community-safety",
    "women-children": "women-youth",
    "traffic": "traffic",
    "investigation-security": "investigation",
    "assembly": "security-assembly",
}

# Departments code may rely on, whatever data file is used.
REQUIRED_DEPARTMENTS: list[dict] = [
    {"slug": "traffic", "name": "교통과", "fields": ["교통"], "answer_days": 14},
    {"slug": "community-safety", "name": "생활안전과", "fields": ["범죄예방"], "answer_days": 14},
    {"slug": "women-youth", "name": "여성청소년과", "fields": ["아동·여성"], "answer_days": 14},
]

DEMO_USERS: dict[str, str] = {
    "admin": "관리자",
    "hq": "본청 분석관",
    "auditor": "민원 점검관",
    "officer_traffic": "교통과 담당관",
    "head_traffic": "교통과장",
    "officer_safety": "생활안전과 담당관",
    "head_safety": "생활안전과장",
    "lead_traffic": "교통과 팀장",  # seed_chain_of_command (seed_demo only)
    "partner_rep": "단체 대표",
    "partner_member": "단체 회원",
    "member_other": "다른 단체 회원",
}


def _load(name: str) -> list[dict]:
    shared = Path(getattr(settings, "SHARED_DATA_DIR", "")) / name
    path = shared if shared.is_file() else FIXTURES / name
    return json.loads(path.read_text(encoding="utf-8"))


def seed_fields() -> dict[str, Field]:
    fields = {}
    for order, (slug, name, name_en) in enumerate(FIELDS):
        field, _ = Field.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "order": order}
        )
        fields[name] = field
    return fields


def seed_groups(fields: dict[str, Field]) -> list[PartnerGroup]:
    groups = []
    for row in _load("partner_groups.json"):
        group, created = PartnerGroup.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "description": row.get("description", ""),
                "member_count_hint": row.get("member_count_hint"),
                "appointed_from": APPOINTED_FROM,
                "appointed_until": APPOINTED_UNTIL,
            },
        )
        if created:
            group.fields.set([fields[f] for f in row.get("fields", []) if f in fields])
        groups.append(group)
    return groups


def seed_departments(fields: dict[str, Field]) -> dict[str, Department]:
    rows = _load("departments.json")
    slugs = {r["slug"] for r in rows}
    rows += [r for r in REQUIRED_DEPARTMENTS if r["slug"] not in slugs]
    departments = {}
    for row in rows:
        days = row.get("answer_days", 14)
        department, created = Department.objects.get_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "answer_days": days, "proposal_answer_days": max(days, 30)},
        )
        if created:
            department.fields.set([fields[f] for f in row.get("fields", []) if f in fields])
        departments[department.slug] = department
    return departments


def seed_routing(fields: dict[str, Field], departments: dict[str, Department]) -> None:
    for field in fields.values():
        if RoutingRule.objects.filter(field=field, kind="", district="").exists():
            continue
        department = departments.get(DEFAULT_ROUTES.get(field.slug, "")) or field.departments.first()
        if department is None:
            department = departments["community-safety"]
        RoutingRule.objects.create(field=field, department=department, priority=1000)


def _user(username: str, **extra) -> User:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.cheong.example", **extra}
    )
    if created or not user.check_password(settings.DEMO_PASSWORD):
        user.set_password(settings.DEMO_PASSWORD)
    for key, value in extra.items():
        setattr(user, key, value)
    user.is_active = True
    user.save()
    Profile.objects.get_or_create(user=user, defaults={"display_name": DEMO_USERS.get(username, username)})
    return user


@transaction.atomic
def seed_people() -> dict[str, User]:
    """Create (or refresh) fields, groups, departments, routing rules and the named demo users."""
    fields = seed_fields()
    groups = seed_groups(fields)
    departments = seed_departments(fields)
    seed_routing(fields, departments)

    users: dict[str, User] = {}
    users["admin"] = _user("admin", is_superuser=True, is_staff=True)
    users["hq"] = _user("hq")
    hq_profile = Profile.objects.get(user=users["hq"])
    if not hq_profile.is_hq_analyst:
        hq_profile.is_hq_analyst = True
        hq_profile.save()  # the post_save signal puts HQ in the police auth group
    users["auditor"] = _user("auditor")  # 민원 점검관 (청문감사관실 청렴 콜)
    Profile.objects.filter(user=users["auditor"], is_callback_auditor=False).update(is_callback_auditor=True)
    sync_partner_auth_group(users["auditor"])

    officers = [
        ("officer_traffic", "traffic", OfficerMembership.Role.OFFICER),
        ("head_traffic", "traffic", OfficerMembership.Role.HEAD),
        ("officer_safety", "community-safety", OfficerMembership.Role.OFFICER),
        ("head_safety", "community-safety", OfficerMembership.Role.HEAD),
    ]
    for username, dept_slug, officer_role in officers:
        users[username] = _user(username)
        OfficerMembership.objects.update_or_create(
            user=users[username], department=departments[dept_slug], defaults={"role": officer_role, "is_active": True}
        )

    home_group = next((g for g in groups if g.slug == "seoul-moms-cafe"), groups[0])
    other_group = next(g for g in groups if g.pk != home_group.pk)
    partners = [
        ("partner_rep", home_group, Membership.Role.REPRESENTATIVE),
        ("partner_member", home_group, Membership.Role.MEMBER),
        ("member_other", other_group, Membership.Role.MEMBER),
    ]
    for username, group, member_role in partners:
        users[username] = _user(username)
        Membership.objects.update_or_create(
            user=users[username], group=group, defaults={"role": member_role, "is_active": True}
        )
        sync_partner_auth_group(users[username])

    for user in users.values():
        access.forget_principal(user)
    return users


def seed_chain_of_command(users: dict[str, User]) -> list[str]:
    """The chain of command on show (run after the demo answers, which were approved by the heads):
    생활안전과's head has named `officer_safety` deputy (대결) for the weeks around now, and 교통과
    approves answers in two steps, 팀장 (`lead_traffic`) then 부서장. Idempotent."""
    from django.utils import timezone

    from partners.models import ApprovalStep, Delegation
    from partners.services import name_deputy

    safety = Department.objects.get(slug="community-safety")
    traffic = Department.objects.get(slug="traffic")
    now = timezone.now()
    done = []
    live = Delegation.objects.filter(department=safety, revoked_at__isnull=True, ends_at__gt=now)
    if not live.exists():
        name_deputy(
            users["head_safety"],
            safety,
            deputy=users["officer_safety"],
            starts_at=now - datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=21),
            reason="해외 연수 (3주)",
        )
    done.append("officer_safety: 생활안전과장 대결 (3주)")
    users["lead_traffic"] = _user("lead_traffic")
    OfficerMembership.objects.update_or_create(
        user=users["lead_traffic"], department=traffic, defaults={"role": OfficerMembership.Role.TEAM_LEAD}
    )
    sync_partner_auth_group(users["lead_traffic"])
    for order, label, role in ((10, "팀장 검토", OfficerMembership.Role.TEAM_LEAD), (20, "부서장 결재", "head")):
        ApprovalStep.objects.get_or_create(department=traffic, order=order, defaults={"label": label, "role": role})
    done.append("교통과 결재선: 팀장 검토 (lead_traffic) → 부서장 결재")
    return done
