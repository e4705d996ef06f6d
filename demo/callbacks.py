"""Demo 청렴 콜 (idempotent): 교통과 answers rated poorly by partner_member, one case in each state —
open and unassigned, assigned with a failed and a reached call, relayed awaiting the department,
answered back, closed resolved, closed explained, a re-review in progress — and one overdue answer."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from partners.models import Field
from suggestions import deadlines, services
from suggestions.callbacks import services as callbacks
from suggestions.callbacks.models import CallbackCase
from suggestions.models import Suggestion

ITEMS = (
    ("DEMO-CB-1", "버스정류장 앞 택시 불법 정차", "open"),
    ("DEMO-CB-2", "횡단보도 신호 대기 시간 단축", "called"),
    ("DEMO-CB-3", "학교 앞 오토바이 인도 주행", "relayed"),
    ("DEMO-CB-4", "야간 음주운전 단속 확대", "answered_back"),
    ("DEMO-CB-5", "교차로 꼬리물기 단속", "resolved"),
    ("DEMO-CB-6", "공사 구간 임시 신호등 설치", "explained"),
    ("DEMO-CB-7", "스쿨존 제한속도 표지 정비", "re_review"),
)
OVERDUE_REF = "DEMO-CB-8"


def _answered(member, officer, head, field, ref: str, title: str) -> Suggestion:
    s = services.file_suggestion(
        member, ref=ref, kind=Suggestion.Kind.PROPOSAL, title=title, body=f"<p>{title} 요청합니다.</p>", field=field
    )
    a = services.save_answer_draft(officer, s, decision="long_term", body="<p>중장기 과제로 검토하겠습니다.</p>")
    services.submit_answer(officer, a)
    services.approve_answer(head, a)
    s.refresh_from_db()
    return s


def _work(case: CallbackCase, state: str, auditor, officer) -> None:
    if state == "open":
        return
    callbacks.assign_case(auditor, case, auditor)
    callbacks.log_call(auditor, case, reached=False, note="부재중")
    callbacks.log_call(auditor, case, reached=True, note="답변이 너무 원론적이라고 하심. 구체적 일정 요청.")
    if state == "called":
        return
    relay = callbacks.relay(auditor, case, "제안자가 구체적 시행 일정을 원합니다. 일정을 회신해 주세요.")
    if state == "relayed":
        return
    callbacks.respond_relay(officer, relay, "다음 분기 예산 반영 후 시행 예정입니다.")
    callbacks.answer_back(auditor, case, "담당 부서에서 다음 분기에 시행할 예정이라고 회신했습니다.")
    if state == "answered_back":
        return
    if state == "re_review":
        callbacks.close_case(auditor, case, "re_review", "현장 여건과 답변이 맞지 않아 재검토를 지시합니다.")
    else:
        callbacks.close_case(auditor, case, state, "제안자 확인 완료")


def seed_callbacks() -> list[str]:
    names = ["partner_member", "officer_traffic", "head_traffic", "auditor"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    field = Field.objects.filter(name="교통").first()
    if len(users) < len(names) or field is None:
        return ["청렴 콜 demo skipped (demo users or 교통 missing)"]
    member, officer, head, auditor = (users[n] for n in names)
    done = []
    for ref, title, state in ITEMS:
        if Suggestion.objects.filter(ref=ref).exists():
            continue
        s = _answered(member, officer, head, field, ref, title)
        if s.status != Suggestion.Status.ANSWERED:
            return [f"청렴 콜 demo skipped ({ref} was not answered)"]
        rating = services.rate(member, s, 1, "형식적인 답변입니다.")
        case = CallbackCase.objects.get(rating=rating)
        _work(case, state, auditor, officer)
        done.append(f"{ref} {state}")
    if not Suggestion.objects.filter(ref=OVERDUE_REF).exists():
        s = services.file_suggestion(
            member,
            ref=OVERDUE_REF,
            kind=Suggestion.Kind.FIELD_REPORT,
            title="육교 아래 무단횡단",
            body="<p>위험합니다.</p>",
            field=field,
            district="금천구",
            address="시흥대로 육교",
        )
        late = deadlines.add_business_days(deadlines.local_today() - dt.timedelta(days=21), 0)
        Suggestion.objects.filter(pk=s.pk).update(due_date=late)  # a late answer, as the beat finds it
        done.append(f"{OVERDUE_REF} overdue: {callbacks.open_overdue_cases()} case(s)")
    return done
