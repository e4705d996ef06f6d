"""The state machine: every allowed and refused transition, through the table and the services."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditLog, OutboxMessage
from suggestions import deadlines, services
from suggestions.models import Answer, Suggestion, Support, TransferRequest
from suggestions.workflow import TRANSITIONS, WorkflowError, can_transition, check_transition

S = Suggestion.Status
ALLOWED = {
    ("submitted", "received"),
    ("submitted", "withdrawn"),
    ("submitted", "merged"),
    ("received", "assigned"),
    ("received", "supplement"),
    ("received", "withdrawn"),
    ("received", "merged"),
    ("assigned", "assigned"),
    ("assigned", "under_review"),
    ("assigned", "supplement"),
    ("assigned", "withdrawn"),
    ("assigned", "merged"),
    ("under_review", "assigned"),
    ("under_review", "answered"),
    ("under_review", "supplement"),
    ("under_review", "withdrawn"),
    ("under_review", "merged"),
    ("supplement", "received"),
    ("supplement", "assigned"),
    ("supplement", "under_review"),
    ("supplement", "withdrawn"),
    ("supplement", "merged"),
    ("answered", "implemented"),
}


@pytest.mark.parametrize(("src", "dst"), list(itertools.product(S.values, S.values)))
def test_transition_table(src, dst):
    assert set(TRANSITIONS) == set(S.values)
    if (src, dst) in ALLOWED:
        assert can_transition(src, dst)
        check_transition(src, dst)
    else:
        assert not can_transition(src, dst)
        with pytest.raises(WorkflowError) as exc:
            check_transition(src, dst)
        assert "상태의 제안은" in str(exc.value) and "바꿀 수 없습니다" in str(exc.value)


def answer_and_publish(world, s, body="답변합니다."):
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body=body)
    services.submit_answer(world.officer_traffic, a)
    return services.approve_answer(world.head_traffic, a)


@pytest.mark.django_db
def test_filing_receives_routes_and_records_everything(world):
    before_outbox = OutboxMessage.objects.count()
    s = world.file()
    assert s.status == S.ASSIGNED and s.department.slug == "traffic"
    assert s.received_at is not None
    assert s.due_date == deadlines.add_business_days(deadlines.local_date(s.received_at), 14)
    kinds = list(s.events.values_list("kind", "from_status", "to_status"))
    assert kinds == [
        ("submitted", "", "submitted"),
        ("received", "submitted", "received"),
        ("assigned", "received", "assigned"),
    ]
    assert AuditLog.objects.filter(object_id=str(s.pk), action__startswith="suggestion.").count() == 3
    tasks = list(OutboxMessage.objects.values_list("task_name", flat=True)[before_outbox:])
    assert tasks.count("suggestions.send_notification") == 2  # received, assigned
    assert "search.index_suggestion" in tasks


@pytest.mark.django_db
def test_routing_rules_most_specific_wins(world):
    from suggestions.models import RoutingRule

    RoutingRule.objects.create(field=world.fields["교통"], kind="field_report", department=world.safety, priority=50)
    RoutingRule.objects.create(
        field=world.fields["교통"], kind="field_report", district="강북구", department=world.traffic, priority=60
    )
    assert world.file(district="강북구").department == world.traffic  # kind+district beats kind
    # (the pin decides the district: this one is in 마포구)
    assert world.file(district="마포구", lat=37.5663, lon=126.9019).department == world.safety  # kind beats field
    RoutingRule.objects.all().delete()
    assert world.file().department.slug == "traffic"  # no rule: a department owning the field


@pytest.mark.django_db
def test_proposal_due_date_uses_department_setting(world):
    s = world.file(kind=Suggestion.Kind.PROPOSAL)
    assert s.due_date == deadlines.add_business_days(deadlines.local_date(s.received_at), 30)


@pytest.mark.django_db
def test_answer_approval_and_return(world):
    s = world.file()
    officer, head = world.officer_traffic, world.head_traffic
    a = services.save_answer_draft(officer, s, decision="accepted", body="초안")
    s.refresh_from_db()
    assert s.status == S.UNDER_REVIEW and a.state == Answer.State.DRAFT
    with pytest.raises(WorkflowError):  # not submitted yet
        services.approve_answer(head, a)
    services.submit_answer(officer, a)
    with pytest.raises(PermissionDenied):  # officers do not approve
        services.approve_answer(officer, a)
    with pytest.raises(PermissionDenied):  # another department's head neither
        services.approve_answer(world.head_safety, a)
    with pytest.raises(ValidationError):
        services.return_answer(head, a, "  ")
    services.return_answer(head, a, "근거 법령을 덧붙이세요.")
    a.refresh_from_db()
    assert a.state == Answer.State.RETURNED and a.return_comment == "근거 법령을 덧붙이세요."
    s.refresh_from_db()
    assert s.status == S.UNDER_REVIEW  # a returned answer publishes nothing
    a = services.save_answer_draft(officer, s, decision="accepted", body="수정한 답변", answer=a)
    services.submit_answer(officer, a)
    services.approve_answer(head, a)
    a.refresh_from_db()
    s.refresh_from_db()
    assert a.state == Answer.State.PUBLISHED and a.approver == head and s.status == S.ANSWERED
    assert s.answered_at is not None
    with pytest.raises(WorkflowError):  # a published answer is never edited in place
        services.save_answer_draft(officer, s, decision="accepted", body="몰래 수정", answer=a, correction_reason="x")
    kinds = list(s.events.values_list("kind", flat=True))
    assert "answer_returned" in kinds and kinds[-1] == "answered"


@pytest.mark.django_db
def test_correction_is_a_new_version_and_history_stays(world):
    s = world.file()
    v1 = answer_and_publish(world, s, "첫 답변")
    with pytest.raises(ValidationError):  # a correction needs a reason
        services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="정정")
    v2 = services.save_answer_draft(
        world.officer_traffic, s, decision="partially_accepted", body="정정한 답변", correction_reason="예산 변경"
    )
    assert v2.version == 2
    services.submit_answer(world.officer_traffic, v2)
    v1.refresh_from_db()
    assert v1.state == Answer.State.PUBLISHED  # still the public answer until the head approves
    services.approve_answer(world.head_traffic, v2)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.state, v2.state) == (Answer.State.SUPERSEDED, Answer.State.PUBLISHED)
    assert v1.body == "첫 답변"  # never edited
    s.refresh_from_db()
    assert s.status == S.ANSWERED and s.events.filter(kind="answer_corrected").exists()


@pytest.mark.django_db
def test_implemented_only_after_answer(world):
    s = world.file()
    with pytest.raises(WorkflowError):
        services.mark_implemented(world.officer_traffic, s)
    answer_and_publish(world, s)
    with pytest.raises(PermissionDenied):
        services.mark_implemented(world.member, s)
    services.mark_implemented(world.officer_traffic, s, note="신호기 교체 완료")
    s.refresh_from_db()
    assert s.status == S.IMPLEMENTED and s.implemented_at is not None
    with pytest.raises(WorkflowError):
        services.withdraw(world.member, s)


@pytest.mark.django_db
def test_withdraw_by_author_only_and_before_answer(world):
    s = world.file()
    with pytest.raises(PermissionDenied):
        services.withdraw(world.representative, s)
    services.withdraw(world.member, s, "해결되었습니다")
    s.refresh_from_db()
    assert s.status == S.WITHDRAWN
    with pytest.raises(WorkflowError):
        services.withdraw(world.member, s)
    with pytest.raises(WorkflowError):
        services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="x")
    answered = world.file()
    answer_and_publish(world, answered)
    with pytest.raises(WorkflowError):
        services.withdraw(world.member, answered)


@pytest.mark.django_db
def test_merge_carries_supporters_and_recounts(world):
    survivor = world.file(title="남는 제안", author=world.representative)
    dup = world.file(title="중복 제안")
    services.support(world.member_other, dup)
    services.support(world.member_other, survivor)  # already supports the survivor: no double count
    services.support(world.representative, dup)  # the survivor's author: does not support own
    with pytest.raises(WorkflowError):
        services.merge(world.officer_traffic, dup, dup)
    with pytest.raises(PermissionDenied):
        services.merge(world.member, dup, survivor)
    services.merge(world.officer_traffic, dup, survivor, "같은 장소")
    dup.refresh_from_db()
    survivor.refresh_from_db()
    assert dup.status == S.MERGED and dup.merged_into == survivor
    supporters = set(Support.objects.filter(suggestion=survivor).values_list("user__username", flat=True))
    assert supporters == {"member_other", "partner_member"}  # the duplicate's author carries over too
    assert survivor.support_count == 2
    with pytest.raises(WorkflowError):
        services.merge(world.officer_traffic, dup, survivor)
    with pytest.raises(WorkflowError):
        services.support(world.member_other, dup)


@pytest.mark.django_db
def test_supplement_pauses_the_clock_and_shifts_due_date(world, monkeypatch):
    s = world.file()
    with pytest.raises(ValidationError):
        services.request_supplement(world.officer_traffic, s, "")
    services.request_supplement(world.officer_traffic, s, "정확한 위치 사진을 보내 주세요.")
    s.refresh_from_db()
    assert s.status == S.SUPPLEMENT and s.paused_from_status == S.ASSIGNED
    due_before = s.due_date
    with pytest.raises(WorkflowError):  # no answer while paused
        services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="x")
    with pytest.raises(PermissionDenied):
        services.submit_supplement(world.member_other, s, "남의 보완")
    # The author answers 5 business days later (a Mon → the next Mon, no holiday in between).
    paused_on = dt.date(2026, 11, 9)
    from suggestions.models import Suggestion as Model

    Model.objects.filter(pk=s.pk).update(
        paused_at=dt.datetime(2026, 11, 9, 10, tzinfo=dt.UTC), due_date=dt.date(2026, 11, 20)
    )
    monkeypatch.setattr(deadlines, "local_today", lambda: paused_on + dt.timedelta(days=7))
    s.refresh_from_db()
    services.submit_supplement(world.member, s, "4번 출구 바로 앞입니다.")
    s.refresh_from_db()
    assert s.status == S.ASSIGNED and s.paused_at is None
    assert s.due_date == deadlines.add_business_days(dt.date(2026, 11, 20), 5) == dt.date(2026, 11, 27)
    assert due_before is not None
    assert "4번 출구" in s.body and s.events.filter(kind="supplemented", data__paused_business_days=5).exists()


@pytest.mark.django_db
def test_extension_once_with_reason_and_later_date(world):
    """The rules in full, on fixed calendars: tests/suggestions/test_deadline_rules.py."""
    s = world.file()
    later = s.due_date + dt.timedelta(days=10)
    with pytest.raises(ValidationError):
        services.request_extension(world.officer_traffic, s, later, "")
    with pytest.raises(ValidationError):
        services.request_extension(world.officer_traffic, s, s.due_date, "사유")
    with pytest.raises(PermissionDenied):
        services.request_extension(world.officer_safety, s, later, "사유")
    x = services.request_extension(world.officer_traffic, s, later, "관계기관 협의 필요")
    services.decide_extension(world.head_traffic, x, approve=True)
    s.refresh_from_db()
    assert s.due_date == later and s.extension_reason == "관계기관 협의 필요"
    with pytest.raises(WorkflowError) as exc:
        services.request_extension(world.officer_traffic, s, later + dt.timedelta(days=5), "또")
    assert "한 번만" in str(exc.value)


@pytest.mark.django_db
def test_transfer_request_and_hq_decision(world):
    s = world.file()
    with pytest.raises(ValidationError):
        services.request_transfer(world.officer_traffic, s, " ")
    t = services.request_transfer(world.officer_traffic, s, "범죄예방 사안입니다", world.safety)
    with pytest.raises(WorkflowError):
        services.request_transfer(world.officer_traffic, s, "또 요청")
    with pytest.raises(PermissionDenied):
        services.decide_transfer(world.officer_traffic, t, approve=True)
    services.decide_transfer(world.hq, t, approve=True)
    s.refresh_from_db()
    t.refresh_from_db()
    assert t.state == TransferRequest.State.APPROVED and s.department == world.safety and s.status == S.ASSIGNED
    ev = s.events.get(kind="transferred")
    assert ev.data["from_department_name"] == "교통과" and ev.data["department_name"] == "생활안전과"
    assert not ev.police_only  # the proposer sees every move
    t2 = services.request_transfer(world.officer_safety, s, "아닙니다")
    services.decide_transfer(world.hq, t2, approve=False, note="생활안전과 소관")
    t2.refresh_from_db()
    assert t2.state == TransferRequest.State.REJECTED


@pytest.mark.django_db
def test_hq_reassign_only(world):
    s = world.file()
    with pytest.raises(PermissionDenied):
        services.reassign(world.officer_traffic, s, world.safety)
    services.reassign(world.hq, s, world.safety, "분야 재검토")
    s.refresh_from_db()
    assert s.department == world.safety
    with pytest.raises(WorkflowError):
        services.reassign(world.hq, s, world.safety)
    answer_s = world.file()
    answer_and_publish(world, answer_s)
    with pytest.raises(WorkflowError):
        services.reassign(world.hq, answer_s, world.safety)


@pytest.mark.django_db
def test_receive_refused_twice_and_start_review(world):
    s = world.file()
    with pytest.raises(WorkflowError):
        services.receive(world.officer_traffic, s)
    services.start_review(world.officer_traffic, s)
    s.refresh_from_db()
    assert s.status == S.UNDER_REVIEW
    with pytest.raises(WorkflowError):
        services.start_review(world.officer_traffic, s)


@pytest.mark.django_db
def test_site_check_and_agency_referral_on_timeline(world):
    s = world.file()
    check = services.schedule_site_check(world.officer_traffic, s, dt.date(2026, 12, 1))
    services.record_site_check(world.officer_traffic, check, done_on=dt.date(2026, 12, 1), result="신호기 배선 불량")
    r = services.refer_to_agency(
        world.officer_traffic, s, agency="강북구청 교통행정과", referred_on=dt.date(2026, 12, 2)
    )
    services.record_agency_reply(world.officer_traffic, r, reply="12월 10일 교체 예정", replied_on=dt.date(2026, 12, 4))
    kinds = list(s.events.filter(police_only=False).values_list("kind", flat=True))
    assert kinds[-4:] == ["site_check", "site_check_done", "referred", "referral_reply"]
    with pytest.raises(PermissionDenied):
        services.refer_to_agency(world.member, s, agency="x", referred_on=dt.date(2026, 12, 2))


@pytest.mark.django_db
def test_support_rules(world):
    s = world.file()
    with pytest.raises(PermissionDenied):
        services.support(world.member, s)  # own suggestion
    with pytest.raises(PermissionDenied):
        services.support(world.officer_traffic, s)  # not a partner member
    services.support(world.representative, s)
    with pytest.raises(WorkflowError):
        services.support(world.representative, s)  # one per member
    s.refresh_from_db()
    assert s.support_count == 1
    services.unsupport(world.representative, s)
    s.refresh_from_db()
    assert s.support_count == 0


@pytest.mark.django_db
def test_rating_rules(world):
    s = world.file()
    with pytest.raises(WorkflowError):
        services.rate(world.member, s, 5)  # before the answer
    answer_and_publish(world, s)
    with pytest.raises(PermissionDenied):
        services.rate(world.representative, s, 5)  # only the author
    with pytest.raises(ValidationError):
        services.rate(world.member, s, 6)
    rating = services.rate(world.member, s, 4, "<b>좋아요</b>")
    assert rating.score == 4 and rating.comment == "좋아요"
    with pytest.raises(WorkflowError):
        services.rate(world.member, s, 3)


@pytest.mark.django_db
def test_filing_permissions_and_validation(world):
    with pytest.raises(PermissionDenied):
        services.file_suggestion(
            world.officer_traffic, kind="proposal", title="경찰이 제안", body="x", field=world.fields["교통"]
        )
    with pytest.raises(ValidationError) as exc:
        services.file_suggestion(
            world.member,
            kind="field_report",
            title="<b></b>",
            body="<script>x</script>",
            field=world.fields["교통"],
        )
    assert {"title", "body", "address"} <= set(exc.value.message_dict)
    from partners.models import PartnerGroup

    other_group = PartnerGroup.objects.exclude(memberships__user=world.member).first()
    with pytest.raises(PermissionDenied):
        services.file_suggestion(
            world.member,
            kind="proposal",
            title="남의 단체",
            body="x",
            field=world.fields["교통"],
            group=other_group,
        )
