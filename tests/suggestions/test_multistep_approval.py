"""Approval lines (결재선): where a department configures steps (officer → 팀장 → 부서장) each step is
approved in order and recorded, the answer publishes only after the last, a return at any step goes
back to the officer; departments without a line keep the head's single approval. Plus the diff a
head sees when approving a correction."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from partners import access
from partners.approval_line import DEFAULT_LINE, approval_line
from partners.models import ApprovalStep, OfficerMembership
from suggestions import notifications, selectors, services
from suggestions.answer_diff import correction_diff
from suggestions.models import Answer, Notification, Suggestion, TimelineEvent

K = TimelineEvent.Kind
User = get_user_model()


def fresh(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def team_lead(world):
    user = User.objects.create_user("lead_traffic", password="x-Unused-12345")
    OfficerMembership.objects.create(user=user, department=world.traffic, role=OfficerMembership.Role.TEAM_LEAD)
    return user


@pytest.fixture
def line(world, team_lead):
    ApprovalStep.objects.create(department=world.traffic, order=10, label="팀장 검토", role="team_lead")
    ApprovalStep.objects.create(department=world.traffic, order=20, label="부서장 결재", role="head")
    return approval_line(world.traffic.pk)


def submitted(world, body="단계별 결재 답변") -> Answer:
    a = services.save_answer_draft(world.officer_traffic, world.file(), decision="accepted", body=body)
    return services.submit_answer(world.officer_traffic, a)


def told(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


@pytest.mark.django_db
def test_steps_in_order_each_recorded_published_after_the_last(world, team_lead, line):
    assert [(s.number, s.label, s.role) for s in line] == [(1, "팀장 검토", "team_lead"), (2, "부서장 결재", "head")]
    a = submitted(world)
    assert (a.state, a.step, a.step_role) == (Answer.State.PENDING, 1, "team_lead")
    notifications.deliver_event(a.suggestion.events.get(kind=K.ANSWER_SUBMITTED).pk)
    assert told(K.ANSWER_SUBMITTED) == {team_lead.pk}  # the first step's approver, not yet the head
    with pytest.raises(PermissionDenied):  # the head does not skip the team lead
        services.approve_answer(fresh(world.head_traffic), a)
    assert list(selectors.approval_queue(access.principal_for(fresh(team_lead)))) == [a]
    assert not selectors.approval_queue(access.principal_for(fresh(world.head_traffic))).exists()

    a = services.approve_answer(fresh(team_lead), a)
    s = Suggestion.objects.get(pk=a.suggestion_id)
    assert (a.state, a.step, a.step_role) == (Answer.State.PENDING, 2, "head")
    assert s.status == Suggestion.Status.UNDER_REVIEW and s.answered_at is None  # nothing published yet
    step_event = s.events.get(kind=K.ANSWER_STEP_APPROVED)
    assert step_event.police_only and step_event.actor == team_lead and step_event.message == "팀장 검토"
    notifications.deliver_event(step_event.pk)
    assert told(K.ANSWER_STEP_APPROVED) == {world.head_traffic.pk}
    with pytest.raises(PermissionDenied):  # the team lead's step is done
        services.approve_answer(fresh(team_lead), a)

    a = services.approve_answer(fresh(world.head_traffic), a)
    s.refresh_from_db()
    assert a.state == Answer.State.PUBLISHED and s.status == Suggestion.Status.ANSWERED
    assert a.approver == world.head_traffic and a.step == 0
    assert [(x["step"], x["label"], x["user"]) for x in a.approvals] == [
        (1, "팀장 검토", team_lead.pk),
        (2, "부서장 결재", world.head_traffic.pk),
    ]
    kinds = list(s.events.values_list("kind", flat=True))
    assert kinds[-3:] == [K.ANSWER_SUBMITTED, K.ANSWER_STEP_APPROVED, K.ANSWERED]


@pytest.mark.django_db
def test_a_return_at_any_step_goes_back_to_the_officer_and_the_line_starts_over(world, team_lead, line):
    a = submitted(world)
    a = services.approve_answer(fresh(team_lead), a)
    a = services.return_answer(fresh(world.head_traffic), a, "통계 근거를 보완하세요.")
    assert a.state == Answer.State.RETURNED and a.return_comment == "통계 근거를 보완하세요." and a.step == 0
    returned = a.suggestion.events.get(kind=K.ANSWER_RETURNED)
    assert returned.data["step"] == 2 and returned.data["step_label"] == "부서장 결재"
    notifications.deliver_event(returned.pk)
    note = Notification.objects.get(user=world.officer_traffic, kind=K.ANSWER_RETURNED, channel="in_app")
    assert "통계 근거를 보완하세요." in note.message
    a = services.save_answer_draft(world.officer_traffic, a.suggestion, decision="accepted", body="보완", answer=a)
    a = services.submit_answer(world.officer_traffic, a)
    assert (a.step, a.step_role, a.approvals) == (1, "team_lead", [])  # from the first step again
    a = services.return_answer(fresh(team_lead), a, "오탈자")  # the first step may return too
    assert a.state == Answer.State.RETURNED


@pytest.mark.django_db
def test_a_step_naming_a_user_and_departments_without_a_line(world, line):
    ApprovalStep.objects.filter(department=world.traffic, order=10).update(role="", user=world.officer_safety)
    # a named user need not hold a role (here: an officer of another department, e.g. 주무관 of 감사)
    a = submitted(world)
    assert a.step_approver == world.officer_safety
    with pytest.raises(PermissionDenied):
        services.approve_answer(fresh(world.head_traffic), a)
    a = services.approve_answer(fresh(world.officer_safety), a)
    assert a.step == 2 and a.step_approver is None
    # A department without a line (생활안전과 here; 교통과 once its steps are removed): the head alone.
    assert approval_line(world.safety.pk) == DEFAULT_LINE
    ApprovalStep.objects.filter(department=world.traffic).delete()
    b = submitted(world, "단일 결재")
    assert (b.step, b.step_role, b.step_approver) == (1, "head", None)
    b = services.approve_answer(fresh(world.head_traffic), b)
    assert b.state == Answer.State.PUBLISHED and len(b.approvals) == 1


@pytest.mark.django_db
def test_correction_diff_is_escaped_and_masked_for_who_needs_it(world):
    police, partner = access.principal_for(world.head_traffic), access.principal_for(world.member)
    old = "<p>횡단보도를 설치합니다. 문의 010-1234-5678</p>"
    new = "<p>횡단보도와 신호등을 설치합니다. 문의 010-1234-5678</p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    diff = str(correction_diff(old, new, police))
    assert "<del>횡단보도를</del><ins>횡단보도와 신호등을</ins>" in diff
    assert "<script>" not in diff and "&lt;script&gt;" in diff  # escaped, never markup
    assert "010-1234-5678" in diff  # the police see the original
    masked = str(correction_diff(old, new, partner))
    assert "010-1234-5678" not in masked and "***-****-****" in masked
    assert correction_diff(old, old, police) == "횡단보도를 설치합니다. 문의 010-1234-5678"


@pytest.mark.django_db
def test_the_head_sees_the_diff_when_approving_a_correction_in_the_inbox(world, client):
    s = world.file()
    v1 = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="<p>다음 달 설치합니다.</p>")
    services.submit_answer(world.officer_traffic, v1)
    services.approve_answer(world.head_traffic, v1)
    v2 = services.save_answer_draft(
        world.officer_traffic,
        s,
        decision="accepted",
        body="<p>다음 분기 설치합니다. <b>x</b>&lt;img src=x onerror=alert(1)&gt;</p>",
        correction_reason="예산 일정 변경",
    )
    services.submit_answer(world.officer_traffic, v2)
    client.force_login(world.head_traffic)
    page = client.get(f"/admin/inbox/{s.pk}/").content.decode()
    assert 'id="correction-diff"' in page
    assert "다음 <del>달</del><ins>분기</ins> 설치합니다." in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    response = client.post(f"/admin/inbox/{s.pk}/action/approve_answer/", {"answer": v2.pk}, follow=True)
    assert response.status_code == 200
    v2.refresh_from_db()
    assert v2.state == Answer.State.PUBLISHED
    first = client.get(f"/admin/inbox/{world.file().pk}/").content.decode()
    assert 'id="correction-diff"' not in first  # a first answer has nothing to compare with


@pytest.mark.django_db
def test_administrators_configure_the_line_in_the_wagtail_admin_audited(world, client):
    from core.models import AuditLog

    client.force_login(world.admin)
    data = {"department": world.traffic.pk, "order": 10, "label": "팀장 검토", "role": "team_lead", "user": ""}
    response = client.post("/admin/approval_steps/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    step = ApprovalStep.objects.get(department=world.traffic)
    saved = AuditLog.objects.get(action="partners.approval_step_saved", object_id=str(step.pk))
    assert saved.actor == world.admin and saved.data["role"] == "team_lead"
    assert [s.label for s in approval_line(world.traffic.pk)] == ["팀장 검토"]
    assert client.post(f"/admin/approval_steps/delete/{step.pk}/").status_code == 302
    assert approval_line(world.traffic.pk) == DEFAULT_LINE
    assert AuditLog.objects.filter(action="partners.approval_step_deleted", object_id=str(step.pk)).exists()
    client.force_login(world.head_traffic)  # heads do not edit lines (a CMS permission)
    assert client.get("/admin/approval_steps/").status_code in (302, 403, 404)
