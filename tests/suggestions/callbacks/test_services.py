"""청렴 콜 services: cases open from poor ratings, complaints, overdue answers and objections (once per
cause), and the auditor assigns, calls, relays, answers back and closes — audited, notified, masked;
재검토 지시 reopens the proposal to the department until the head approves a corrected answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from core.models import AuditLog
from suggestions import deadlines, notifications, services
from suggestions.callbacks import selectors
from suggestions.callbacks import services as callbacks
from suggestions.callbacks.models import CallbackCase, CallLog, Relay
from suggestions.models import Notification, Suggestion, TimelineEvent
from suggestions.workflow import WorkflowError

from .helpers import PHONE, answered, low_rated_case

C = CallbackCase
K = TimelineEvent.Kind


def _deliver(s: Suggestion, kind: str) -> None:
    notifications.deliver_event(s.events.filter(kind=kind).latest("created_at", "id").pk)


def _in_app(user, **filters) -> list[str]:
    rows = Notification.objects.filter(user=user, channel="in_app", **filters)
    return list(rows.values_list("message", flat=True))


@pytest.mark.django_db
def test_a_low_rating_or_a_complaint_opens_one_case_and_tells_the_auditor(world):
    case = low_rated_case(world, score=2)
    assert case.source == C.Source.LOW_RATING and case.state == C.State.OPEN and case.assignee is None
    assert AuditLog.objects.filter(action="callback.opened", object_id=str(case.pk)).exists()
    assert any("[청렴 콜] 새 건" in m for m in _in_app(world.auditor, kind="callback_opened"))
    # idempotent per (suggestion, source, rating)
    assert callbacks.open_case(case.suggestion, "low_rating", rating=case.rating) == case
    assert CallbackCase.objects.filter(suggestion=case.suggestion).count() == 1

    good = answered(world, title="좋은 답변")
    services.rate(world.member, good, 5)
    assert not CallbackCase.objects.filter(suggestion=good).exists()  # 5/5: nothing to call about
    flagged = answered(world, title="민원으로 접수")
    services.rate(world.member, flagged, 4, "담당자가 불친절했습니다", is_complaint=True)
    assert CallbackCase.objects.get(suggestion=flagged).source == C.Source.COMPLAINT


@pytest.mark.django_db
def test_objection_cases_have_the_departments_clock(world):
    s = answered(world)
    case = callbacks.open_case(s, "objection", actor=world.member)
    assert case.due_date == deadlines.add_business_days(deadlines.local_today(), 14)
    assert callbacks.open_case(s, "objection") == case
    with pytest.raises(ValueError):
        callbacks.open_case(s, "nonsense")


@pytest.mark.django_db
@override_settings(CALLBACK_OVERDUE_BUSINESS_DAYS=5)
def test_overdue_answers_open_a_case_after_n_business_days_once(world):
    late = world.file(title="늦은 답변")
    barely = world.file(title="조금 늦은 답변")
    today = deadlines.local_today()
    # due 6 business days ago: more than 5 → a case; due 5 business days ago: not yet
    six_ago = next(
        d
        for d in (today - dt.timedelta(days=n) for n in range(1, 30))
        if deadlines.business_days_between(d, today) == 6
    )
    five_ago = next(
        d
        for d in (today - dt.timedelta(days=n) for n in range(1, 30))
        if deadlines.business_days_between(d, today) == 5
    )
    Suggestion.objects.filter(pk=late.pk).update(due_date=six_ago)
    Suggestion.objects.filter(pk=barely.pk).update(due_date=five_ago)
    assert callbacks.open_overdue_cases(today) == 1
    assert CallbackCase.objects.get(suggestion=late).source == C.Source.OVERDUE
    assert not CallbackCase.objects.filter(suggestion=barely).exists()
    assert callbacks.open_overdue_cases(today) == 0  # once while the case is open


@pytest.mark.django_db
def test_assign_call_relay_respond_answer_back_and_close(world):
    case = low_rated_case(world)
    s = case.suggestion
    with pytest.raises(ValidationError) as not_auditor:
        callbacks.assign_case(world.hq, case, world.officer_traffic)
    assert "민원 점검관" in str(not_auditor.value)
    callbacks.assign_case(world.hq, case, world.auditor)
    assert any("배정" in m for m in _in_app(world.auditor, suggestion=s))

    failed = callbacks.log_call(world.auditor, case, reached=False)
    reached = callbacks.log_call(world.auditor, case, reached=True, note=f"<b>다시</b> 연락 바람 {PHONE}")
    assert not failed.reached and reached.reached and PHONE not in reached.note and "다시 연락 바람" in reached.note
    assert AuditLog.objects.filter(action="callback.call_logged", object_id=str(case.pk)).count() == 2

    relay = callbacks.relay(world.auditor, case, f"제안자 연락처 {PHONE} 로 재안내 필요")
    case.refresh_from_db()
    assert case.state == C.State.RELAYED and relay.department == world.traffic and PHONE not in relay.request
    event = s.events.get(kind=K.CALLBACK_RELAYED)
    assert event.police_only
    _deliver(s, K.CALLBACK_RELAYED)
    assert any("부서 회신 요청" in m for m in _in_app(world.officer_traffic, kind=K.CALLBACK_RELAYED))
    assert _in_app(world.head_traffic, kind=K.CALLBACK_RELAYED)
    assert not _in_app(world.member, kind=K.CALLBACK_RELAYED)  # police-only

    with pytest.raises(PermissionDenied):
        callbacks.respond_relay(world.officer_safety, relay, "다른 부서")
    callbacks.respond_relay(world.head_traffic, relay, "현장을 다시 확인하겠습니다.")
    case.refresh_from_db()
    assert case.state == C.State.OPEN
    assert any("부서 회신" in m for m in _in_app(world.auditor, kind__startswith="callback_relay_answered"))
    with pytest.raises(WorkflowError):
        callbacks.respond_relay(world.head_traffic, relay, "두 번")

    callbacks.answer_back(world.auditor, case, "부서에서 현장을 다시 확인하기로 했습니다.")
    back = s.events.get(kind=K.CALLBACK_ANSWERED_BACK)
    assert not back.police_only and "다시 확인하기로" in back.message
    _deliver(s, K.CALLBACK_ANSWERED_BACK)
    assert any("[청렴 콜]" in m for m in _in_app(world.member, kind=K.CALLBACK_ANSWERED_BACK))

    callbacks.close_case(world.auditor, case, "explained", "설명 드림")
    case.refresh_from_db()
    assert case.state == C.State.CLOSED and case.outcome == "explained" and case.closed_by == world.auditor
    _deliver(s, K.CALLBACK_CLOSED)
    assert any("설명 완료" in m for m in _in_app(world.member, kind=K.CALLBACK_CLOSED))
    with pytest.raises(WorkflowError) as closed:
        callbacks.log_call(world.auditor, case, reached=True, note="종결 뒤")
    assert closed.value.code == "case_closed"
    # a new poor rating of a new version may open a new case later: the closed one does not block it
    assert callbacks.open_case(s, "overdue").pk != case.pk


@pytest.mark.django_db
def test_bad_input_is_refused_in_korean_and_saves_nothing(world):
    case = low_rated_case(world)
    with pytest.raises(ValidationError) as no_note:
        callbacks.log_call(world.auditor, case, reached=True, note="  <p> </p>")
    assert "통화 내용" in str(no_note.value)
    with pytest.raises(ValidationError):
        callbacks.log_call(world.auditor, case, reached=None)
    with pytest.raises(ValidationError):
        callbacks.relay(world.auditor, case, "")
    with pytest.raises(ValidationError):
        callbacks.answer_back(world.auditor, case, " ")
    with pytest.raises(ValidationError) as bad_outcome:
        callbacks.close_case(world.auditor, case, "whatever")
    assert "처리 결과" in str(bad_outcome.value)
    with pytest.raises(ValidationError) as no_reason:
        callbacks.close_case(world.auditor, case, "re_review", "")
    assert "사유" in str(no_reason.value)
    for outsider in (world.member, world.officer_traffic, world.head_traffic):
        with pytest.raises(PermissionDenied):
            callbacks.log_call(outsider, case, reached=False)
    case.refresh_from_db()
    assert case.state == C.State.OPEN and case.outcome == ""
    assert not CallLog.objects.filter(case=case).exists() and not Relay.objects.filter(case=case).exists()


@pytest.mark.django_db
@override_settings(CALLBACK_RE_REVIEW_BUSINESS_DAYS=10)
def test_re_review_reopens_to_the_department_until_the_head_approves_a_correction(world):
    case = low_rated_case(world)
    s = case.suggestion
    callbacks.close_case(world.auditor, case, "re_review", "현장 사진과 답변이 다릅니다")
    case.refresh_from_db()
    assert case.outcome == "re_review" and case.re_review_version == 1
    assert case.due_date == deadlines.add_business_days(deadlines.local_today(), 10)
    _deliver(s, K.CALLBACK_RE_REVIEW)
    assert any("재검토 지시" in m for m in _in_app(world.officer_traffic, kind=K.CALLBACK_RE_REVIEW))
    assert any("다시 검토" in m for m in _in_app(world.member, kind=K.CALLBACK_RE_REVIEW))
    traffic = world.principal(world.officer_traffic)
    assert list(selectors.re_reviews_for(traffic)) == [case] and not selectors.re_review_done(case)
    assert not selectors.re_reviews_for(world.principal(world.officer_safety)).exists()

    v2 = services.save_answer_draft(
        world.officer_traffic, s, decision="partially_accepted", body="다시 점검", correction_reason="재검토 지시"
    )
    services.submit_answer(world.officer_traffic, v2)
    assert not selectors.re_review_done(case)  # pending: the head has not approved
    services.approve_answer(world.head_traffic, v2)
    assert selectors.re_review_done(case) and not selectors.re_reviews_for(traffic).exists()
    # the corrected answer can be rated again, and a poor second rating opens a new case
    again = services.rate(world.member, s, 2, "여전히 부족")
    assert CallbackCase.objects.get(rating=again).state == C.State.OPEN


@pytest.mark.django_db
def test_re_review_needs_a_published_answer(world):
    s = world.file(title="답변 전")
    case = callbacks.open_case(s, "overdue")
    with pytest.raises(ValidationError) as refused:
        callbacks.close_case(world.auditor, case, "re_review", "재검토")
    assert "게시된 답변이 없어" in str(refused.value)
    case.refresh_from_db()
    assert case.state == C.State.OPEN


@pytest.mark.django_db
def test_outcomes_by_month_counts_closed_cases(world):
    for outcome in ("resolved", "resolved", "explained"):
        case = low_rated_case(world)
        callbacks.close_case(world.auditor, case, outcome)
    rows = selectors.callback_outcomes_by_month()
    this_month = deadlines.local_today().strftime("%Y-%m")
    assert rows[0] == {"month": this_month, "해결": 2, "설명 완료": 1, "재검토 지시": 0}


@pytest.mark.django_db
def test_the_auditor_reads_masked_texts_only(world):
    case = low_rated_case(world)
    Suggestion.objects.filter(pk=case.suggestion_id).update(body=f"<p>연락처 {PHONE}</p>")
    case.refresh_from_db()
    auditor = world.principal(world.auditor)
    assert auditor.is_police and auditor.role_label == "auditor" and not auditor.can_view_pii
    text = selectors.masked_suggestion_text(case)
    assert PHONE not in text["body"] and PHONE not in text["rating_comment"]
    assert "답변이 부실합니다" in text["rating_comment"]
