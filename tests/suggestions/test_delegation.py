"""대결 (delegated approval): a head names a deputy for a period; the deputy approves in the head's
stead only inside it, and the approval is recorded as such; HQ/admin reassign a stuck approval."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditLog
from partners import access
from partners import services as partner_services
from partners.models import OfficerMembership
from partners.selectors import step_approvers
from suggestions import notifications, selectors, services
from suggestions.models import Answer, Suggestion, TimelineEvent
from suggestions.workflow import WorkflowError

K = TimelineEvent.Kind
User = get_user_model()


def fresh(user):
    """The user read again, so no Principal computed before a change is reused."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def deputy(world):
    user = User.objects.create_user("deputy_traffic", password="x-Unused-12345")
    OfficerMembership.objects.create(user=user, department=world.traffic, role=OfficerMembership.Role.OFFICER)
    return user


def pending_answer(world, body="답변입니다.") -> Answer:
    s = world.file()
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body=body)
    return services.submit_answer(world.officer_traffic, a)


def name(world, deputy, *, start=-1, hours=72, actor=None, **kw):
    now = timezone.now()
    return partner_services.name_deputy(
        actor or world.head_traffic,
        world.traffic,
        deputy=deputy,
        starts_at=now + dt.timedelta(hours=start),
        ends_at=now + dt.timedelta(hours=start + hours),
        reason="교육 파견 (3일)",
        **kw,
    )


@pytest.mark.django_db
def test_deputy_approves_in_the_period_and_it_is_recorded_as_delegated(world, deputy):
    a = pending_answer(world)
    assert not access.answer_approval(access.principal_for(fresh(deputy)), a)[0]  # not yet a deputy
    delegation = name(world, deputy)
    principal = access.principal_for(fresh(deputy))
    assert access.is_acting_head(principal, world.traffic.pk) and not access.is_department_head(principal)
    assert access.answer_approval(principal, a) == (True, world.head_traffic.pk)
    assert list(selectors.approval_queue(principal)) == [a]  # the absent head's queue is the deputy's
    assert set(step_approvers(world.traffic.pk, a.step_role, None)) == {world.head_traffic, deputy}

    published = services.approve_answer(fresh(deputy), a)
    s = Suggestion.objects.get(pk=a.suggestion_id)
    assert published.state == Answer.State.PUBLISHED and s.status == Suggestion.Status.ANSWERED
    assert published.approver == deputy and published.on_behalf_of == world.head_traffic
    [step] = published.approvals
    assert step["user"] == deputy.pk and step["on_behalf_of"] == world.head_traffic.pk and step["step"] == 1
    event = s.events.get(kind=K.DELEGATED_APPROVAL)
    assert event.police_only and event.actor == deputy and event.data["on_behalf_of"] == world.head_traffic.pk
    assert event.message == "deputy_traffic이(가) 교통과장을(를) 대신하여 결재했습니다 (대결)."
    assert list(s.events.values_list("kind", flat=True))[-2:] == [K.DELEGATED_APPROVAL, K.ANSWERED]
    audit = AuditLog.objects.get(action="suggestion.delegated_approval", object_id=str(s.pk))
    assert audit.actor == deputy and audit.data["on_behalf_of"] == world.head_traffic.pk
    named = AuditLog.objects.get(action="partners.delegation_named", object_id=str(delegation.pk))
    assert named.actor == world.head_traffic and named.data["deputy"] == deputy.pk
    # The head is told about the 대결 (the proposer is not: it is police-only).
    notifications.deliver_event(event.pk)
    told = set(notifications.Notification.objects.filter(kind=K.DELEGATED_APPROVAL).values_list("user", flat=True))
    assert told == {world.head_traffic.pk}


@pytest.mark.django_db
def test_the_deputy_is_told_of_a_submitted_answer_during_the_period(world, deputy):
    name(world, deputy)
    a = pending_answer(world)
    event = a.suggestion.events.get(kind=K.ANSWER_SUBMITTED)
    notifications.deliver_event(event.pk)
    told = set(notifications.Notification.objects.filter(kind=K.ANSWER_SUBMITTED).values_list("user", flat=True))
    assert told == {world.head_traffic.pk, deputy.pk}


@pytest.mark.django_db
def test_outside_the_period_the_deputy_cannot_approve(world, deputy):
    start = timezone.now() + dt.timedelta(days=1)
    with time_machine.travel(timezone.now(), tick=False):
        delegation = name(world, deputy, start=24, hours=48)
        a = pending_answer(world)
        with pytest.raises(PermissionDenied) as refused:  # before the period
            services.approve_answer(fresh(deputy), a)
        assert "결재" in str(refused.value)
        with pytest.raises(PermissionDenied):
            services.return_answer(fresh(deputy), a, "다시")
        assert not selectors.approval_queue(access.principal_for(fresh(deputy))).exists()
    with time_machine.travel(start + dt.timedelta(days=3), tick=False):  # after it
        assert not access.answer_approval(access.principal_for(fresh(deputy)), a)[0]
        with pytest.raises(PermissionDenied):
            services.approve_answer(fresh(deputy), a)
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):  # inside it
        assert access.answer_approval(access.principal_for(fresh(deputy)), a) == (True, world.head_traffic.pk)
        partner_services.revoke_delegation(world.head_traffic, delegation)  # the head is back early
        assert not access.answer_approval(access.principal_for(fresh(deputy)), a)[0]
        assert AuditLog.objects.filter(action="partners.delegation_revoked", object_id=str(delegation.pk)).exists()
    a.refresh_from_db()
    assert a.state == Answer.State.PENDING  # nothing was published by a refused approval


@pytest.mark.django_db
def test_a_deputy_who_leaves_the_department_loses_the_delegation(world, deputy):
    name(world, deputy)
    a = pending_answer(world)
    OfficerMembership.objects.filter(user=deputy).update(is_active=False)
    assert not access.answer_approval(access.principal_for(fresh(deputy)), a)[0]


@pytest.mark.django_db
def test_naming_a_deputy_is_checked(world, deputy):
    with pytest.raises(PermissionDenied):  # an officer names no one
        name(world, deputy, actor=world.officer_traffic)
    with pytest.raises(PermissionDenied):  # nor does another department's head
        name(world, deputy, actor=world.head_safety)
    with pytest.raises(ValidationError) as outsider:  # the deputy must serve in the department
        name(world, world.officer_safety)
    assert "이 부서의 경찰 직원" in " ".join(outsider.value.messages)
    with pytest.raises(ValidationError):  # not oneself
        name(world, world.head_traffic)
    with pytest.raises(ValidationError) as backwards:
        name(world, deputy, hours=-2)
    assert "종료는 시작보다 늦어야" in " ".join(backwards.value.messages)
    with pytest.raises(ValidationError) as no_reason:
        partner_services.name_deputy(
            world.head_traffic,
            world.traffic,
            deputy=deputy,
            starts_at=timezone.now(),
            ends_at=timezone.now() + dt.timedelta(days=1),
            reason="  ",
        )
    assert "대결 사유" in " ".join(no_reason.value.messages)
    name(world, deputy)
    with pytest.raises(ValidationError) as overlap:
        name(world, world.officer_traffic, start=2)
    assert "겹치는" in " ".join(overlap.value.messages)
    # HQ names one for an absent head (who did not name anyone), the head given explicitly.
    d = name(world, world.officer_traffic, start=100, actor=world.hq, head=world.head_traffic)
    assert d.created_by == world.hq and d.head == world.head_traffic
    with pytest.raises(ValidationError):  # the "head" must be a head of the department
        name(world, deputy, start=300, actor=world.hq, head=world.officer_traffic)


@pytest.mark.django_db
def test_hq_reassigns_a_stuck_approval_with_a_reason(world, deputy):
    a = pending_answer(world)
    with pytest.raises(PermissionDenied):  # the department cannot reassign its own queue
        services.reassign_approval(world.head_traffic, a, deputy, "부재")
    with pytest.raises(ValidationError) as no_reason:
        services.reassign_approval(world.hq, a, deputy, " ")
    assert "사유" in " ".join(no_reason.value.messages)
    with pytest.raises(ValidationError) as outsider:
        services.reassign_approval(world.hq, a, world.officer_safety, "부재")
    assert "부서의 경찰 직원" in " ".join(outsider.value.messages)

    services.reassign_approval(world.hq, a, deputy, "부서장 장기 출장, 기한 임박")
    a.refresh_from_db()
    assert a.step_approver == deputy and a.state == Answer.State.PENDING
    event = a.suggestion.events.get(kind=K.APPROVAL_REASSIGNED)
    assert event.police_only and event.message == "부서장 장기 출장, 기한 임박" and event.data["to_user"] == deputy.pk
    assert AuditLog.objects.filter(action="suggestion.approval_reassigned", actor=world.hq).exists()
    notifications.deliver_event(event.pk)
    assert notifications.Notification.objects.filter(user=deputy, kind=K.APPROVAL_REASSIGNED).exists()
    assert list(selectors.approval_queue(access.principal_for(fresh(deputy)))) == [a]
    with pytest.raises(PermissionDenied):  # the approval moved: the head no longer holds it
        services.approve_answer(fresh(world.head_traffic), a)
    published = services.approve_answer(fresh(deputy), a)
    assert published.state == Answer.State.PUBLISHED and published.on_behalf_of is None
    with pytest.raises(WorkflowError):  # nothing left to reassign
        services.reassign_approval(world.hq, published, deputy, "다시")


@pytest.mark.django_db
def test_api_approval_by_the_deputy_and_reassignment(world, deputy, client):
    name(world, deputy)
    a = pending_answer(world)
    client.force_login(deputy)
    response = client.post(f"/api/v1/answers/{a.pk}/approve/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "published" and body["on_behalf_of"] == world.head_traffic.pk
    assert body["approvals"][0]["on_behalf_of"] == world.head_traffic.pk
    b = pending_answer(world, "두 번째 제안의 답변")
    client.force_login(world.officer_traffic)
    refused = client.post(f"/api/v1/answers/{b.pk}/reassign/", {"to_user": deputy.pk, "reason": "부재"})
    assert refused.status_code == 403
    client.force_login(world.hq)
    bad = client.post(f"/api/v1/answers/{b.pk}/reassign/", {"to_user": world.officer_safety.pk, "reason": "부재"})
    assert bad.status_code == 400 and "부서의 경찰 직원" in bad.content.decode()
    ok = client.post(f"/api/v1/answers/{b.pk}/reassign/", {"to_user": deputy.pk, "reason": "부서장 부재"})
    assert ok.status_code == 200 and ok.json()["step_approver"] == deputy.pk
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/answers/{id}/reassign/" in schema and "on_behalf_of" in schema


@pytest.mark.django_db
def test_demo_shows_a_deputy_in_period_and_a_two_step_line(world):
    from demo.partners import seed_chain_of_command
    from partners.approval_line import approval_line

    first = seed_chain_of_command(dict(world.users))
    assert seed_chain_of_command(dict(world.users)) == first  # idempotent
    assert access.is_acting_head(access.principal_for(fresh(world.officer_safety)), world.safety.pk)
    assert [s.role for s in approval_line(world.traffic.pk)] == ["team_lead", "head"]
    lead = User.objects.get(username="lead_traffic")
    assert world.traffic.pk in access.principal_for(lead).team_lead_department_ids


@pytest.mark.django_db
def test_hq_sees_every_waiting_approval_to_find_the_stuck_ones(world, client):
    a = pending_answer(world)
    client.force_login(world.hq)
    page = client.get("/admin/inbox/approvals/all/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"#{a.suggestion_id} " in html and "부서장 결재" in html and "교통과" in html
    assert "/admin/inbox/approvals/all/" in client.get("/admin/").content.decode()  # its menu item
    for user in (world.head_traffic, world.officer_traffic):
        client.force_login(user)
        assert client.get("/admin/inbox/approvals/all/").status_code == 404
        assert "/admin/inbox/approvals/all/" not in client.get("/admin/").content.decode()
    assert not selectors.stuck_approvals(access.principal_for(world.head_traffic)).exists()


@pytest.mark.django_db
def test_the_deputy_is_told_when_named_with_what_already_waits(world, deputy):
    from core.models import OutboxMessage
    from suggestions.delegation_notices import notify_delegation

    pending_answer(world)
    delegation = name(world, deputy)
    queued = OutboxMessage.objects.get(task_name="suggestions.notify_delegation")
    assert queued.args == [delegation.pk]
    assert notify_delegation(delegation.pk) >= 1
    assert notify_delegation(delegation.pk) == 0  # once per delegation
    note = notifications.Notification.objects.get(user=deputy, kind="delegation_named", channel="in_app")
    assert "교통과장" in note.message and "교육 파견 (3일)" in note.message and "결재 대기 1건" in note.message
    assert note.link.endswith("/admin/inbox/approvals/")
