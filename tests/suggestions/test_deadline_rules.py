"""The deadline rules of docs/rules.md, each from its rule text on a fixed calendar (November–December
2026 has no public holiday before 성탄절, Fri 25 Dec): the expected dates are counted by hand here,
never by calling the engine. Time is frozen with time-machine; the database is the real one."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from suggestions import escalation, notifications, services
from suggestions.models import DeadlineExtension, Notification, Suggestion, Support, TimelineEvent
from suggestions.workflow import WorkflowError

pytestmark = pytest.mark.django_db
D = dt.date
K = TimelineEvent.Kind
SEOUL = ZoneInfo("Asia/Seoul")


def at(day: str, hour: int = 10):
    """Frozen at `day` `hour`:00 Seoul time."""
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SEOUL), tick=False)


def file_on(world, day: str, **kw) -> Suggestion:
    with at(day):
        return world.file(**kw)


def told(user, kind: str) -> list[str]:
    """The in-app messages `user` got of `kind`, after delivering every event of that kind."""
    for event in TimelineEvent.objects.filter(kind=kind):
        notifications.deliver_event(event.pk)
    rows = Notification.objects.filter(user=user, kind=kind, channel=Notification.Channel.IN_APP)
    return list(rows.values_list("message", flat=True))


# --- Extension: once, at most the original period, with a reason, approved by the head ---------


def test_a_field_report_is_due_14_business_days_after_receipt(world):
    s = file_on(world, "2026-11-02")  # Mon; Nov 3–6, 9–13, 16–20 are the 14 days
    assert s.due_date == D(2026, 11, 20)


def test_extension_is_asked_by_the_officer_and_takes_effect_only_when_the_head_approves(world):
    s = file_on(world, "2026-11-02")  # due Fri 20 Nov
    with at("2026-11-16"):
        with pytest.raises(ValidationError):  # no reason
            services.request_extension(world.officer_traffic, s, D(2026, 12, 1), "  ")
        with pytest.raises(PermissionDenied):  # another department
            services.request_extension(world.officer_safety, s, D(2026, 12, 1), "협의")
        with pytest.raises(PermissionDenied):  # the proposer
            services.request_extension(world.member, s, D(2026, 12, 1), "협의")
        x = services.request_extension(world.officer_traffic, s, D(2026, 12, 1), "구청 협의 필요")
        s.refresh_from_db()
        assert s.due_date == D(2026, 11, 20) and s.extended_at is None  # nothing moves before approval
        assert told(world.member, K.EXTENDED) == []
        assert any("2026-12-01" in m for m in told(world.head_traffic, K.EXTENSION_REQUESTED))
        with pytest.raises(WorkflowError) as pending:
            services.request_extension(world.officer_traffic, s, D(2026, 12, 2), "또")
        assert pending.value.code == "pending_extension"
        with pytest.raises(PermissionDenied):  # the officer cannot approve it
            services.decide_extension(world.officer_traffic, x, approve=True)
        with pytest.raises(PermissionDenied):  # nor another department's head
            services.decide_extension(world.head_safety, x, approve=True)
        services.decide_extension(world.head_traffic, x, approve=True, note="승인")
    s.refresh_from_db()
    assert s.due_date == D(2026, 12, 1) and s.extension_reason == "구청 협의 필요"
    assert DeadlineExtension.objects.get(pk=x.pk).decided_by == world.head_traffic
    # The partner is told at once: the reason and the new date.
    (message,) = told(world.member, K.EXTENDED)
    assert "2026-12-01" in message and "구청 협의 필요" in message


def test_only_one_extension_and_a_rejected_request_may_be_asked_again(world):
    s = file_on(world, "2026-11-02")
    with at("2026-11-16"):
        first = services.request_extension(world.officer_traffic, s, D(2026, 11, 27), "현장 조사")
        services.decide_extension(world.head_traffic, first, approve=False, note="기한 내 처리 가능")
        assert any("기한 내 처리 가능" in m for m in told(world.officer_traffic, K.EXTENSION_REJECTED))
        s.refresh_from_db()
        assert s.due_date == D(2026, 11, 20)
        second = services.request_extension(world.officer_traffic, s, D(2026, 11, 27), "구청 회신 대기")
        services.decide_extension(world.head_traffic, second, approve=True)
        with pytest.raises(WorkflowError) as again:
            services.request_extension(world.officer_traffic, s, D(2026, 12, 4), "또 연장")
        assert again.value.code == "already_extended"
        with pytest.raises(WorkflowError):  # a decided request is not decided twice
            services.decide_extension(world.head_traffic, first, approve=True)
    s.refresh_from_db()
    assert s.due_date == D(2026, 11, 27)


def test_an_extension_is_at_most_the_original_period(world):
    s = file_on(world, "2026-11-02")  # due Fri 20 Nov; 14 more business days: Nov 23–27, Nov 30–Dec 4, Dec 7–10
    with at("2026-11-16"):
        with pytest.raises(ValidationError) as too_long:
            services.request_extension(world.officer_traffic, s, D(2026, 12, 11), "장기 검토")
        assert "2026-12-10" in str(too_long.value)
        with pytest.raises(ValidationError):  # not later than the current due date
            services.request_extension(world.officer_traffic, s, D(2026, 11, 20), "사유")
        x = services.request_extension(world.officer_traffic, s, D(2026, 12, 10), "장기 검토")
        services.decide_extension(world.head_traffic, x, approve=True)
    s.refresh_from_db()
    assert s.due_date == D(2026, 12, 10)


def test_no_extension_while_the_clock_is_stopped_for_a_supplement(world):
    s = file_on(world, "2026-11-02")
    with at("2026-11-05"):
        x = services.request_extension(world.officer_traffic, s, D(2026, 11, 27), "협의")
        services.request_supplement(world.officer_traffic, s, "사진을 보내 주세요")
        with pytest.raises(WorkflowError) as paused:
            services.request_extension(world.officer_traffic, s, D(2026, 11, 27), "협의")
        assert paused.value.code == "paused"
        with pytest.raises(WorkflowError):  # nor approved while paused
            services.decide_extension(world.head_traffic, x, approve=True)
    assert DeadlineExtension.objects.get(pk=x.pk).state == DeadlineExtension.State.PENDING


def test_the_heads_deputy_approves_an_extension_recorded_as_such(world):
    s = file_on(world, "2026-11-02")
    with at("2026-11-16"):
        deputy = world.deputy  # named for 15 Nov – 16 Dec
        x = services.request_extension(world.officer_traffic, s, D(2026, 11, 27), "협의")
        services.decide_extension(deputy, x, approve=True)
    event = s.events.get(kind=K.EXTENDED)
    assert event.actor == deputy and event.data["by_deputy"] is True
    s.refresh_from_db()
    assert s.due_date == D(2026, 11, 27)


def test_extension_through_the_api_and_the_inbox(world, client):
    s = file_on(world, "2026-11-02")
    with at("2026-11-16"):
        client.force_login(world.officer_traffic)
        url = reverse("suggestions_inbox:action", args=[s.pk, "extend"])
        assert client.post(url, {"new_due_date": "2026-11-30", "reason": "협의"}).status_code == 302
        x = DeadlineExtension.objects.get(suggestion=s)
        decide = reverse("suggestions_inbox:action", args=[s.pk, "decide_extension"])
        client.post(decide, {"extension": x.pk, "approve": "1"})  # refused: not the head
        assert DeadlineExtension.objects.get(pk=x.pk).state == DeadlineExtension.State.PENDING
        client.force_login(world.head_traffic)
        page = client.get(reverse("suggestions_inbox:detail", args=[s.pk])).content.decode()
        assert "연장 승인" in page and "2026-11-30" in page
        client.post(decide, {"extension": x.pk, "approve": "1"})
    s.refresh_from_db()
    assert s.due_date == D(2026, 11, 30)


# --- The clock stops for a supplement; for policy proposals only within 7 days of receipt -----------


def test_a_supplement_stops_the_clock_of_a_field_report(world):
    s = file_on(world, "2026-11-02")  # due Fri 20 Nov
    with at("2026-11-09"):
        services.request_supplement(world.officer_traffic, s, "위치를 알려 주세요")
    with at("2026-11-16"):  # paused Nov 10, 11, 12, 13, 16: five business days
        services.submit_supplement(world.member, s, "4번 출구 앞입니다.")
    s.refresh_from_db()
    assert s.due_date == D(2026, 11, 27)  # Nov 23, 24, 25, 26, 27


def proposal_on(world, day: str) -> Suggestion:
    s = file_on(world, day, kind=Suggestion.Kind.PROPOSAL, place=False, title="야간 보행 신호 연장 제안")
    # 30 business days from Mon 2 Nov: Nov 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), Nov 30–Dec 4 (24),
    # Dec 7–11 (29), Mon Dec 14 (30).
    assert s.due_date == D(2026, 12, 14)
    return s


def test_a_correction_asked_within_7_days_of_receipt_does_not_count(world):
    s = proposal_on(world, "2026-11-02")
    with at("2026-11-11"):  # the 7th business day after receipt (Nov 3, 4, 5, 6, 9, 10, 11)
        services.request_supplement(world.officer_traffic, s, "기대 효과를 보완해 주세요")
    with at("2026-11-18"):  # Nov 12, 13, 16, 17, 18: five business days waiting for the correction
        services.submit_supplement(world.member, s, "사고 통계를 덧붙입니다.")
    s.refresh_from_db()
    assert s.due_date == D(2026, 12, 21)  # Dec 15, 16, 17, 18, 21


def test_a_correction_asked_after_the_7_days_counts_toward_the_period(world, client):
    s = proposal_on(world, "2026-11-02")
    with at("2026-11-12"):  # the 8th business day: outside 국민 제안 규정 제6조②
        client.force_login(world.officer_traffic)
        url = reverse("suggestions_inbox:action", args=[s.pk, "request_supplement"])
        page = client.get(client.post(url, {"reason": "기대 효과를 보완해 주세요"})["Location"]).content.decode()
        assert "처리 기한을 멈추지 않습니다" in page
    assert s.events.get(kind=K.SUPPLEMENT_REQUESTED).data["clock_stopped"] is False
    with at("2026-11-19"):
        services.submit_supplement(world.member, s, "사고 통계를 덧붙입니다.")
    s.refresh_from_db()
    assert s.due_date == D(2026, 12, 14)  # unchanged


def test_a_field_report_correction_stops_the_clock_even_after_7_days(world):
    s = file_on(world, "2026-11-02")
    with at("2026-11-16"):  # 10th business day
        services.request_supplement(world.officer_traffic, s, "사진을 보내 주세요")
    with at("2026-11-18"):  # Nov 17, 18
        services.submit_supplement(world.member, s, "첨부합니다.")
    s.refresh_from_db()
    assert s.due_date == D(2026, 11, 24)  # Nov 23, 24


# --- Identical proposals: the one received first keeps precedence ---------------------------------


def test_merging_keeps_the_one_received_first_whichever_the_officer_picks(world):
    first = file_on(world, "2026-11-02", author=world.member, title="수유역 신호 고장 (먼저)")
    later = file_on(world, "2026-11-03", author=world.representative, title="수유역 신호 고장 (나중)")
    with at("2026-11-04"):
        merged = services.merge(world.officer_traffic, first, later, "같은 장소")  # picks the later to keep
    first.refresh_from_db()
    later.refresh_from_db()
    assert merged.pk == later.pk
    assert later.status == Suggestion.Status.MERGED and later.merged_into == first
    assert first.status == Suggestion.Status.ASSIGNED and first.author == world.member  # credited first
    assert Support.objects.filter(suggestion=first, user=world.representative).exists()  # the later author follows
    assert later.events.get(kind=K.MERGED).data["swapped"] is True


def test_merging_into_the_first_received_is_left_as_picked(world):
    first = file_on(world, "2026-11-02", author=world.member)
    later = file_on(world, "2026-11-03", author=world.representative)
    with at("2026-11-04"):
        services.merge(world.officer_traffic, later, first)
    later.refresh_from_db()
    assert later.merged_into_id == first.pk and later.events.get(kind=K.MERGED).data["swapped"] is False


# --- Interim notice: 30 days after receipt, once, and on request -----------------------------------


def test_a_proposal_open_30_days_after_receipt_gets_one_progress_notice(world):
    s = proposal_on(world, "2026-11-02")
    answered = file_on(world, "2026-11-02", title="답변된 제안")
    Suggestion.objects.filter(pk=answered.pk).update(status=Suggestion.Status.ANSWERED)
    with at("2026-12-01"):  # 29 days
        assert services.send_interim_notices() == 0
    with at("2026-12-02"):  # 30 days
        assert services.send_interim_notices() == 1
        assert services.send_interim_notices() == 0  # once per proposal
    with at("2026-12-09"):
        assert services.send_interim_notices() == 0
    (message,) = told(world.member, K.INTERIM_NOTICE)
    assert "2026-12-14" in message and s.title in message
    assert not answered.events.filter(kind=K.INTERIM_NOTICE).exists()


def test_the_partner_asks_for_progress_and_gets_the_expected_date(world, client):
    s = proposal_on(world, "2026-11-02")
    with at("2026-11-10"):
        with pytest.raises(PermissionDenied):
            services.ask_progress(world.member_other, s)
        client.force_login(world.member)
        detail = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
        assert "진행 상황 문의" in detail
        client.post(reverse("suggestions:progress", args=[s.pk]))
        with pytest.raises(WorkflowError):  # once a day
            services.ask_progress(world.member, s)
    (message,) = told(world.member, K.PROGRESS_ASKED)
    assert "2026-12-14" in message
    assert told(world.officer_traffic, K.PROGRESS_ASKED)  # the department hears of the question
    with at("2026-11-11"):
        services.ask_progress(world.member, s)
    assert s.events.filter(kind=K.PROGRESS_ASKED).count() == 2


# --- Escalation ------------------------------------------------------------------------------------


def test_d3_and_due_day_reminders_reach_the_officer_and_the_head(world):
    s = file_on(world, "2026-11-02")  # due Fri 20 Nov; D-3 is Tue 17 Nov (18, 19, 20)
    assert notifications.send_deadline_reminders(D(2026, 11, 16)) == 0
    notifications.send_deadline_reminders(D(2026, 11, 17))
    notifications.send_deadline_reminders(D(2026, 11, 20))
    for user in (world.officer_traffic, world.head_traffic):
        texts = list(Notification.objects.filter(user=user, suggestion=s, kind="reminder", channel="in_app"))
        assert len(texts) == 2, user
        assert any("D-3" in n.message for n in texts) and any("오늘" in n.message for n in texts)
    assert not Notification.objects.filter(user=world.officer_safety, kind="reminder").exists()


def test_the_head_is_told_daily_of_every_overdue_item_of_the_department(world):
    late = [file_on(world, "2026-11-02", title=f"늦은 제안 {n}") for n in range(3)]
    on_time = file_on(world, "2026-11-16", title="기한 안의 제안")
    with at("2026-11-23"):
        services.record_delay_reason(world.officer_traffic, late[0], "구청 예산 확인 중")
    assert escalation.send_head_overdue_digests(D(2026, 11, 23)) > 0
    (note,) = Notification.objects.filter(user=world.head_traffic, kind="overdue_department", channel="in_app")
    assert "3건" in note.message and all(f"제안 #{s.pk}" in note.message for s in late)
    assert on_time.title not in note.message and "구청 예산 확인 중" in note.message
    assert not Notification.objects.filter(user=world.officer_traffic, kind="overdue_department").exists()
    assert not Notification.objects.filter(user=world.head_safety, kind="overdue_department").exists()
    assert escalation.send_head_overdue_digests(D(2026, 11, 23)) == 0  # once a day
    assert escalation.send_head_overdue_digests(D(2026, 11, 24)) > 0


def test_hq_gets_a_weekly_digest_per_department(world):
    file_on(world, "2026-11-02", title="늦은 교통 제안")
    file_on(world, "2026-11-16", title="기한 안의 교통 제안")
    assert escalation.send_hq_weekly_department_digest(D(2026, 11, 23)) > 0  # Monday
    (note,) = Notification.objects.filter(user=world.hq, kind="weekly_departments", channel="in_app")
    assert "교통과: 처리 중 2건, 기한 경과 1건 (가장 오래된 기한 2026-11-20)" in note.message
    assert "생활안전과: 처리 중 0건, 기한 경과 0건" in note.message
    assert escalation.send_hq_weekly_department_digest(D(2026, 11, 27)) == 0  # same ISO week
    assert escalation.send_hq_weekly_department_digest(D(2026, 11, 30)) > 0


def test_the_partner_sees_overdue_with_the_departments_reason(world, client):
    s = file_on(world, "2026-11-02")  # due 20 Nov
    with at("2026-11-23"):
        with pytest.raises(PermissionDenied):
            services.record_delay_reason(world.member, s, "제가 늦춥니다")
        client.force_login(world.officer_traffic)
        url = reverse("suggestions_inbox:action", args=[s.pk, "delay_reason"])
        client.post(url, {"reason": "신호기 부품 수급 지연"})
        client.force_login(world.member)
        page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "기한 경과" in page and "신호기 부품 수급 지연" in page
    assert any("신호기 부품 수급 지연" in m for m in told(world.member, K.DELAY_REASON))
    with at("2026-11-19"):  # before the due date: no "기한 경과" badge
        page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "기한 경과" not in page
