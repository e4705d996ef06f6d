"""Followers (issue 11 §4): supporting follows, 팔로우 without supporting, 알림 끄기, and who is told
when a proposal is answered, corrected or implemented."""

from __future__ import annotations

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partners.models import Membership
from suggestions import services
from suggestions.following import services as following
from suggestions.following.models import Follow
from suggestions.models import Suggestion, Support

from .helpers import deliver, in_app, publish_answer

pytestmark = pytest.mark.django_db


def test_a_supporter_follows_and_is_told_of_the_answer(world):
    s = world.file()
    services.support(world.member_other, s)
    assert Follow.objects.filter(suggestion=s, user=world.member_other).exists()
    publish_answer(world, s)
    deliver(s, "answered")
    told = in_app(world.member_other, "answered")
    assert len(told) == 1 and "[팔로우]" in told[0] and s.title in told[0]
    # The proposer gets the proposer's text once, not the follower's as well.
    assert in_app(world.member, "answered") == [f"제안 ‘{s.title}’에 공식 답변이 게시되었습니다."]


def test_unfollow_stops_the_notices_but_keeps_the_support(client, world):
    s = world.file()
    services.support(world.member_other, s)
    client.force_login(world.member_other)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert 'id="unfollow-button"' in page
    response = client.post(reverse("suggestions:unfollow", args=[s.pk]))
    assert response.status_code == 302
    assert not Follow.objects.filter(suggestion=s, user=world.member_other).exists()
    assert Support.objects.filter(suggestion=s, user=world.member_other).exists()
    publish_answer(world, s)
    deliver(s, "answered")
    assert in_app(world.member_other, "answered") == []
    assert in_app(world.member, "answered")  # the proposer still is


def test_follow_without_supporting_through_the_page_and_told_of_correction(client, world):
    s = world.file()
    publish_answer(world, s)
    client.force_login(world.member_other)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert 'id="follow-button"' in page
    client.post(reverse("suggestions:follow", args=[s.pk]))
    client.post(reverse("suggestions:follow", args=[s.pk]))  # twice: still one follow, no error
    assert Follow.objects.filter(suggestion=s, user=world.member_other).count() == 1
    assert not Support.objects.filter(suggestion=s).exists()
    draft = services.save_answer_draft(
        world.officer_traffic, s, decision="partially_accepted", body="정정합니다.", correction_reason="예산 변경"
    )
    services.submit_answer(world.officer_traffic, draft)
    services.approve_answer(world.head_traffic, draft)
    deliver(s, "answer_corrected")
    told = in_app(world.member_other, "answer_corrected")
    assert len(told) == 1 and "정정" in told[0]


def test_who_may_follow(world):
    s = world.file()
    with pytest.raises(PermissionDenied):
        following.follow(world.member, s)  # the author is told anyway
    with pytest.raises(PermissionDenied):
        following.follow(world.officer_traffic, s)  # the police are not partners
    police_only = world.file(title="경찰 전용 제안", visibility=Suggestion.Visibility.POLICE)
    with pytest.raises(PermissionDenied):
        following.follow(world.member_other, police_only)


def test_a_follower_who_can_no_longer_see_it_is_not_told(world):
    s = world.file(visibility=Suggestion.Visibility.PARTNERS)
    services.support(world.member_other, s)
    Membership.objects.filter(user=world.member_other).update(is_active=False)  # left the partner group
    publish_answer(world, s)
    deliver(s, "answered")
    assert in_app(world.member_other, "answered") == []


def test_the_data_migration_makes_existing_supporters_followers(world):
    import importlib

    s = world.file()
    services.support(world.member_other, s)
    Follow.objects.all().delete()
    migration = importlib.import_module("suggestions.migrations.0013_followers_threads_implemented")
    migration.supporters_follow(django_apps, None)
    migration.supporters_follow(django_apps, None)  # idempotent
    assert list(Follow.objects.values_list("suggestion_id", "user_id")) == [(s.pk, world.member_other.pk)]


def test_follow_api(client, world):
    s = world.file()
    client.force_login(world.member_other)
    url = f"/api/v1/suggestions/{s.pk}/follow/"
    assert client.post(url).json() == {"following": True}
    assert Follow.objects.filter(suggestion=s, user=world.member_other).exists()
    assert client.delete(url).json() == {"following": False}
    assert not Follow.objects.filter(suggestion=s).exists()
    client.force_login(world.member)
    assert client.post(url).status_code == 403  # own proposal
    hidden = world.file(title="경찰 전용", visibility=Suggestion.Visibility.POLICE)
    client.force_login(world.member_other)
    assert client.post(f"/api/v1/suggestions/{hidden.pk}/follow/").status_code == 404
