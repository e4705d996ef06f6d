"""Demo data of 팔로우·대화·반영 (idempotent): followers (by 공감 and by 팔로우), private threads in
several states (answered by the department, waiting for it), and implemented proposals with their
records — one linked to a policy announcement, two of last month (so the monthly briefing lists them)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from announcements.models import PolicyAnnouncementPage
from partners import access
from partners.models import Field
from suggestions import deadlines, services
from suggestions.following import services as following
from suggestions.following.models import ThreadMessage
from suggestions.models import Answer, Suggestion

V = Suggestion.Visibility

IMPLEMENTED = [
    # ref, author, title, body, visibility, answer, what changed, days into last month (None: this month)
    (
        "DEMO-IMPL-1",
        "partner_member",
        "어린이보호구역 하굣길 교통 지도 시간 조정",
        "<p>초등학교 하교 시간이 바뀌었는데 교통 지도는 예전 시간에 합니다. 시간을 맞춰 주세요.</p>",
        V.PUBLIC,
        "<p>학교와 협의해 하교 시간에 맞추겠습니다.</p>",
        "강북구 초등학교 3곳 하굣길 교통 지도 시간을 14:30~16:00으로 조정하고 학기마다 학교와 확인합니다.",
        10,
    ),
    (
        "DEMO-IMPL-2",
        "partner_rep",
        "야간 공사 구간 우회 안내 표지 보강",
        "<p>야간 도로 공사 구간에 우회 안내가 없어 차량이 역주행합니다.</p>",
        V.PARTNERS,
        "<p>시공사에 안내 표지 보강을 요청하겠습니다.</p>",
        "야간 공사 허가 조건에 우회 안내 표지(반사형) 설치를 넣었습니다.",
        20,
    ),
    (
        "DEMO-IMPL-3",
        "member_other",
        "전통시장 앞 불법 주정차 단속 시간 확대",
        "<p>주말 오후 시장 앞 불법 주정차로 보행로가 막힙니다.</p>",
        V.PUBLIC,
        "<p>주말 단속 시간을 늘리겠습니다.</p>",
        "주말 13~18시 시장 앞 이동식 단속을 시작했습니다.",
        None,
    ),
]


def _users() -> dict[str, object]:
    names = ["partner_member", "partner_rep", "member_other", "officer_traffic", "head_traffic", "lead_traffic"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _approve_along_the_line(answer, approvers) -> None:
    """Each step's approver in turn (교통과's line may start with its team lead, seed_chain_of_command)."""
    for approver in approvers:
        answer.refresh_from_db()
        pending = approver is not None and answer.state == Answer.State.PENDING
        if pending and access.answer_approval(access.principal_for(approver), answer)[0]:
            services.approve_answer(approver, answer)


def _implemented(users, field) -> list[str]:
    done: list[str] = []
    officer, head = users["officer_traffic"], users["head_traffic"]
    first_of_month = deadlines.local_today().replace(day=1)
    last_month = (first_of_month - dt.timedelta(days=1)).replace(day=1)
    page = PolicyAnnouncementPage.objects.live().public().order_by("pk").first()
    for i, (ref, author, title, body, visibility, answer, change, day) in enumerate(IMPLEMENTED):
        s = Suggestion.objects.filter(ref=ref).first()
        if s is not None and s.status == Suggestion.Status.IMPLEMENTED:
            continue
        if s is None:  # each step below resumes a run that stopped half-way
            s = services.file_suggestion(
                users[author],
                ref=ref,
                kind=Suggestion.Kind.PROPOSAL,
                title=title,
                body=body,
                field=field,
                visibility=visibility,
            )
        if not s.answers.exists():
            services.submit_answer(officer, services.save_answer_draft(officer, s, decision="accepted", body=answer))
        pending = s.answers.filter(state=Answer.State.PENDING).first()
        if pending is not None:
            _approve_along_the_line(pending, [users.get("lead_traffic"), head])
        for supporter in ("partner_rep", "member_other", "partner_member"):
            seen = visibility == V.PUBLIC or supporter != "member_other"  # another group: public ones only
            if supporter != author and seen and not s.supports.filter(user=users[supporter]).exists():
                services.support(users[supporter], s)  # 공감 follows: they are told of the 반영
        s.refresh_from_db()
        if s.status != Suggestion.Status.ANSWERED:
            done.append(f"{ref}: 답변 게시 전 (결재선 확인)")
            continue
        services.mark_implemented(
            officer,
            s,
            summary=change,
            implemented_on=last_month.replace(day=day) if day else deadlines.local_today(),
            announcement=page if i == 0 else None,
        )
        done.append(f"{ref} 반영{' (공지 연결)' if i == 0 and page else ''}")
    return done


def _threads(users) -> list[str]:
    done: list[str] = []
    member, officer = users["partner_member"], users["officer_traffic"]
    talks = {
        # An exchange the department answered, and a question still waiting for it.
        "DEMO-LIVE-1": [
            (member, "신호등이 꺼지는 시간은 대개 저녁 6시 전후입니다. 사진이 필요하시면 말씀해 주세요."),
            (officer, "감사합니다. 교통공사와 함께 이번 주 목요일 저녁에 현장을 확인하겠습니다."),
            (member, "목요일에 저도 현장에 나가 있겠습니다."),
        ],
        "DEMO-LIVE-2": [(member, "셔틀버스 운행 시간표가 필요하시면 학원 연합회에서 받아 드릴 수 있습니다.")],
    }
    for ref, messages in talks.items():
        s = Suggestion.objects.filter(ref=ref).first()
        if s is None or ThreadMessage.objects.filter(suggestion=s).exists():
            continue
        for author, text in messages:
            following.post_message(author, s, text)
        done.append(f"{ref} 대화 {len(messages)}건")
    live1 = Suggestion.objects.filter(ref="DEMO-LIVE-1").first()
    if live1 is not None and users.get("partner_rep"):
        following.follow(users["partner_rep"], live1)  # 팔로우 without 공감
    return done


def seed_following() -> str:
    users = _users()
    field = Field.objects.filter(name="교통").first()
    if len(users) < 5 or field is None or "head_traffic" not in users:
        return "skipped (demo users or 교통 field missing)"
    done = _implemented(users, field) + _threads(users)
    return "; ".join(done) or "already seeded"
