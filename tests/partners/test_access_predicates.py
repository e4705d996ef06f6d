"""The predicates that moved into partners.access: they take plain values (no suggestions import), and
each Q twin selects exactly what its predicate allows."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from partners import access
from suggestions.models import Answer, Suggestion

pytestmark = pytest.mark.django_db


def test_unrouted_suggestions_are_received_by_any_officer_but_nobody_else(world):
    unrouted = SimpleNamespace(department_id=None, author_id=None)
    traffic = SimpleNamespace(department_id=world.traffic.pk, author_id=None)
    officer_safety = world.principal(world.officer_safety)
    assert access.can_receive(officer_safety, unrouted) and not access.can_receive(officer_safety, traffic)
    assert access.can_receive(world.principal(world.officer_traffic), traffic)
    assert access.can_receive(world.principal(world.hq), traffic)
    assert not access.can_receive(world.principal(world.member), unrouted)


def test_heads_and_who_sees_drafts_and_internal_events(world):
    head = world.principal(world.head_traffic)
    officer = world.principal(world.officer_traffic)
    assert access.is_department_head(head) and access.is_department_head(head, world.traffic.pk)
    assert not access.is_department_head(head, world.safety.pk) and not access.is_department_head(officer)
    assert access.can_view_approvals(head) and access.can_view_approvals(world.principal(world.admin))
    assert not access.can_view_approvals(officer) and not access.can_view_approvals(world.principal(world.hq))
    traffic = SimpleNamespace(department_id=world.traffic.pk, author_id=world.member.pk)
    assert access.can_view_answer_drafts(officer, traffic) and access.can_view_answer_drafts(
        world.principal(world.hq), traffic
    )
    assert not access.can_view_answer_drafts(world.principal(world.officer_safety), traffic)
    assert not access.can_view_answer_drafts(world.principal(world.member), traffic)  # the author sees published ones
    assert access.can_view_police_only_events(world.principal(world.officer_safety))
    assert not access.can_view_police_only_events(world.principal(world.member))


def test_query_twins_agree_with_their_predicates(world):
    routed = world.file()
    unrouted = Suggestion.objects.create(
        title="미배정",
        body="<p>x</p>",
        field=routed.field,
        group=world.group,
        author=world.member,
        created_at=routed.created_at,
    )
    for user in (world.officer_traffic, world.officer_safety, world.head_traffic, world.hq, world.admin):
        principal = world.principal(user)
        selected = set(Suggestion.objects.filter(access.inbox_q(principal)).values_list("pk", flat=True))
        assert selected & {routed.pk, unrouted.pk} == {
            s.pk for s in (routed, unrouted) if access.can_receive(principal, s)
        }, user.username
    answer = Answer.objects.create(
        suggestion=routed, department=world.traffic, decision=Answer.Decision.ACCEPTED, body="x", state="pending"
    )
    for user, sees in ((world.head_traffic, True), (world.admin, True), (world.head_safety, False), (world.hq, False)):
        assert Answer.objects.filter(access.approval_queue_q(world.principal(user)), pk=answer.pk).exists() == sees
    assert world.hq in type(world.hq).objects.filter(access.hq_users_q())
    assert world.member not in type(world.member).objects.filter(access.hq_users_q())
