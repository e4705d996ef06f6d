"""Demo 이의신청과 재평가 (idempotent): 교통과 proposals by partner_member — one objection just filed
(접수) on an answer rated 2 and ticked 민원, one the department has taken up (처리 중), and one
rated 1, objected to, answered (완료), corrected and rated again (4)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from partners.models import Field
from suggestions import services
from suggestions.models import Suggestion
from suggestions.objections import services as objections

ITEMS = (
    ("DEMO-OBJ-1", "초등학교 앞 불법 주정차 단속 강화", "<p>등하교 시간 불법 주정차 때문에 아이들이 위험합니다.</p>"),
    ("DEMO-OBJ-2", "교차로 좌회전 신호 시간 연장", "<p>출근 시간 좌회전 대기 차량이 두 블록까지 밀립니다.</p>"),
    ("DEMO-OBJ-3", "어린이보호구역 과속방지턱 추가", "<p>보호구역 안에서도 과속 차량이 많습니다.</p>"),
)


def _answered(member, officer, head, field, ref: str, title: str, body: str) -> Suggestion:
    s = services.file_suggestion(
        member, ref=ref, kind=Suggestion.Kind.PROPOSAL, title=title, body=body, field=field, visibility="partners"
    )
    a = services.save_answer_draft(
        officer, s, decision="long_term", body="<p>관계기관과 협의하여 중장기 검토하겠습니다.</p>"
    )
    services.submit_answer(officer, a)
    services.approve_answer(head, a)
    s.refresh_from_db()
    return s


def seed_objections() -> list[str]:
    names = ["partner_member", "officer_traffic", "head_traffic"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    field = Field.objects.filter(name="교통").first()
    if len(users) < 3 or field is None:
        return ["이의신청 demo skipped (demo users or 교통 missing)"]
    member, officer, head = (users[n] for n in names)
    done = []
    for ref, title, body in ITEMS:
        if Suggestion.objects.filter(ref=ref).exists():
            continue
        s = _answered(member, officer, head, field, ref, title, body)
        if s.department_id is None or s.status != Suggestion.Status.ANSWERED:
            return [f"이의신청 demo skipped ({ref} was not routed to 교통과)"]
        if ref == "DEMO-OBJ-1":
            services.rate(member, s, 2, "구체적인 단속 계획이 없습니다.", is_complaint=True)
            objections.file_objection(member, s, "단속 시간과 장소를 알려 주지 않아 답변이 부족합니다.")
            done.append(f"{ref} 이의신청 접수")
        elif ref == "DEMO-OBJ-2":
            obj = objections.file_objection(
                member, s, "신호 체계 조정은 경찰 소관인데 중장기 검토는 납득하기 어렵습니다."
            )
            objections.start_objection(officer, obj)
            done.append(f"{ref} 이의신청 처리 중")
        else:
            services.rate(member, s, 1, "검토만 하겠다는 답변입니다.")
            obj = objections.file_objection(member, s, "현장 확인도 없이 중장기 검토로 답변했습니다.")
            objections.respond_objection(officer, obj, "현장을 다시 확인했고 과속방지턱 2개 설치로 답변을 정정합니다.")
            v2 = services.save_answer_draft(
                officer,
                s,
                decision="accepted",
                body="<p>다음 달까지 과속방지턱 2개를 설치하겠습니다.</p>",
                correction_reason="이의신청에 따라 현장 재확인",
            )
            services.submit_answer(officer, v2)
            services.approve_answer(head, v2)
            services.rate(member, s, 4, "정정된 답변 감사합니다.")
            done.append(f"{ref} 이의신청 완료 → 정정 답변 재평가")
    return done
