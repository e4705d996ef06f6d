"""Factories and fixtures for the suggestion tests (real PostgreSQL; nothing mocked)."""

from __future__ import annotations

import factory
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from partners.models import Department, Field, Membership, OfficerMembership, PartnerGroup, Profile
from suggestions import services
from suggestions.models import Suggestion


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"field-{n}")
    name = factory.Sequence(lambda n: f"분야{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"부서{n}")

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerGroup
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"단체{n}")
    kind = "자율방범대"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.cheong.example")
    password = factory.PostGenerationMethodCall("set_password", "pw-test-12345")

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            Profile.objects.get_or_create(user=self, defaults=kwargs or {})


def member(group: PartnerGroup, **kwargs):
    user = UserFactory(**kwargs)
    Membership.objects.get_or_create(user=user, group=group)
    return user


def officer(department: Department, role: str = OfficerMembership.Role.OFFICER, **kwargs):
    user = UserFactory(**kwargs)
    OfficerMembership.objects.get_or_create(user=user, department=department, defaults={"role": role})
    return user


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A raw row (no workflow); use `file()` below to go through the services."""

    class Meta:
        model = Suggestion

    title = factory.Sequence(lambda n: f"제안 {n}")
    body = "<p>내용</p>"
    field = factory.SubFactory(FieldFactory)
    group = factory.SubFactory(GroupFactory)
    created_at = factory.LazyFunction(timezone.now)


@pytest.fixture
def people(demo_users):
    """demo_users (partners.demo.seed_people) plus handy handles to their departments and fields."""
    users = dict(demo_users)
    users["traffic"] = Department.objects.get(slug="traffic")
    users["safety"] = Department.objects.get(slug="community-safety")
    users["f_traffic"] = Field.objects.get(name="교통")
    users["f_crime"] = Field.objects.get(name="범죄예방")
    return users


@pytest.fixture
def file_report(people):
    """File a traffic field report as partner_member (received + routed to 교통과)."""

    def _file(**overrides):
        data = {
            "kind": Suggestion.Kind.FIELD_REPORT,
            "title": "수유역 사거리 신호 고장",
            "body": "<p>보행 신호가 자주 꺼집니다.</p>",
            "field": people["f_traffic"],
            "district": "강북구",
            "address": "수유역 사거리",
            "lat": 37.63841,
            "lon": 127.02481,
            "time_band": "22:00-02:00",
            "risk_type": Suggestion.RiskType.TRAFFIC_RISK,
            "visibility": Suggestion.Visibility.PUBLIC,
        }
        data.update(overrides)
        author = data.pop("author", people["partner_member"])
        return services.file_suggestion(author, **data)

    return _file
