"""Search test helpers: a small world of fields, groups, departments and users, Suggestion rows
created directly (the suggestions app's factories are not needed), and the shared sample data."""

import json
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from partners.access import principal_for
from partners.models import Department, Field, Membership, OfficerMembership, PartnerGroup, Profile

SEOUL = ZoneInfo("Asia/Seoul")
# A copy of the shared synthetic sample data (/work/shared/data, written for this project), so the
# tests do not depend on a folder outside the repository.
DATA = Path(__file__).parent / "data"
FIELDS = ["범죄예방", "아동·여성", "교통", "수사·안보", "집회·시위"]


class World:
    def __init__(self):
        from search.demo import seed_synonyms

        seed_synonyms()  # the data migration's rows are gone after a transactional test's flush
        self.fields = {}
        for i, name in enumerate(FIELDS):
            self.fields[name], _ = Field.objects.get_or_create(name=name, defaults={"slug": f"f{i}", "order": i})
        self.departments = {}
        self.groups = {}
        data = DATA
        for d in json.loads((data / "departments.json").read_text()):
            dept, _ = Department.objects.get_or_create(
                slug=d["slug"], defaults={"name": d["name"], "answer_days": d["answer_days"]}
            )
            dept.fields.set([self.fields[f] for f in d["fields"]])
            self.departments[d["slug"]] = dept
        for g in json.loads((data / "partner_groups.json").read_text()):
            group, _ = PartnerGroup.objects.get_or_create(
                slug=g["slug"], defaults={"name": g["name"], "kind": g["kind"]}
            )
            self.groups[g["slug"]] = group
        self.default_group = next(iter(self.groups.values()))
        self.field_department = {}
        for dept in self.departments.values():
            for f in dept.fields.all():
                self.field_department.setdefault(f.name, dept)
        users = get_user_model().objects
        self.hq_user = users.create_user("hq_test", password="x" * 12)
        Profile.objects.create(user=self.hq_user, is_hq_analyst=True)
        self.member = users.create_user("member_test", password="x" * 12)
        Membership.objects.create(user=self.member, group=self.default_group)
        self.officer = users.create_user("officer_test", password="x" * 12)
        OfficerMembership.objects.create(user=self.officer, department=self.departments["traffic"])
        self.outsider = users.create_user("outsider_test", password="x" * 12)

    def principal(self, user):
        if user is not None:
            user = get_user_model().objects.get(pk=user.pk)  # fresh: no cached principal
        return principal_for(user)

    @property
    def hq(self):
        return self.principal(self.hq_user)

    def suggestion(self, title, body, created="2026-03-01", field="범죄예방", **kw):
        from suggestions.models import Suggestion

        created_at = kw.pop("created_at", None) or datetime.combine(
            datetime.fromisoformat(created).date(), time(10, 0), tzinfo=SEOUL
        )
        kw.setdefault("group", self.default_group)
        kw.setdefault("visibility", Suggestion.Visibility.PUBLIC)
        kw.setdefault("department", self.field_department.get(field))
        return Suggestion.objects.create(title=title, body=body, field=self.fields[field], created_at=created_at, **kw)


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def search_index(clean_es):
    from search.indexing import ensure_indices

    ensure_indices()
    return clean_es


def load_sample(world: World, answers: bool = True) -> dict:
    """The 120 shared sample suggestions (and their answers); returns {"S001": Suggestion, …}."""
    from suggestions.models import Answer, Suggestion

    data = DATA
    by_ref = {}
    for line in (data / "sample_suggestions.jsonl").read_text().splitlines():
        row = json.loads(line)
        by_ref[row["id"]] = world.suggestion(
            row["title"],
            row["body"],
            created=row["created_at"],
            field=row["field"],
            ref=row["id"],
            kind=row["kind"],
            group=world.groups[row["partner_group"]],
            district=row["district"],
            lat=row["lat"],
            lon=row["lon"],
            time_band=row.get("time_band", ""),
            status=Suggestion.Status.RECEIVED,
        )
        by_ref[row["id"]].sample = row
    if answers:
        for line in (data / "sample_answers.jsonl").read_text().splitlines():
            row = json.loads(line)
            if row["decision"] not in Answer.Decision.values:
                continue
            s = by_ref[row["suggestion_id"]]
            Answer.objects.create(
                suggestion=s,
                department=world.departments[row["department"]],
                decision=row["decision"],
                body=row["body"],
                state=Answer.State.PUBLISHED,
                published_at=s.created_at,
            )
            Suggestion.objects.filter(pk=s.pk).update(status=Suggestion.Status.ANSWERED)
    return by_ref


def index_all():
    from search.client import get_client, index_name
    from search.indexing import bulk_index_suggestions

    n = bulk_index_suggestions()
    get_client().indices.refresh(index=index_name("suggestions"))
    return n
