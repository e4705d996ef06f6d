"""Demo suggestions for `manage.py seed_demo` (idempotent: safe on every `make run`).

Imports settings.SHARED_DATA_DIR/sample_suggestions.jsonl (+ sample_answers.jsonl) when present,
else the shipped demo/fixtures/demo_suggestions.jsonl (+ demo_answers.jsonl); then adds
answer templates and a few live items for the demo accounts (one waiting for 교통과's answer, one
waiting for the head's approval, one answered and rated).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from partners.models import Department, Field
from suggestions import deadlines, importing, services
from suggestions.models import AnswerTemplate, Suggestion
from suggestions.services import moderation
from suggestions.workflow import CLOCK_STATES

FIXTURES = Path(__file__).resolve().parent / "fixtures"

TEMPLATES = [
    (
        "수용 안내",
        "<p>소중한 의견 감사합니다. 제안하신 내용을 검토한 결과 수용하기로 하였으며,"
        " 다음과 같이 조치하겠습니다.</p><p>1. </p>",
    ),
    (
        "현장 점검 안내",
        "<p>제보해 주신 장소를 담당 경찰관이 현장 점검하였습니다. 점검 결과와 조치 계획은 다음과 같습니다.</p>",
    ),
    (
        "불수용 안내",
        "<p>제안해 주셔서 감사합니다. 검토 결과 다음 사유로 이번에는 반영하기 어렵습니다.</p><p>사유: </p>",
    ),
]


def _sources() -> tuple[Path, Path]:
    shared = Path(settings.SHARED_DATA_DIR)
    if (shared / "sample_suggestions.jsonl").is_file():
        return shared / "sample_suggestions.jsonl", shared / "sample_answers.jsonl"
    return FIXTURES / "demo_suggestions.jsonl", FIXTURES / "demo_answers.jsonl"


def _live_items() -> list[str]:
    names = ["partner_member", "partner_rep", "officer_traffic", "head_traffic"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    member, rep, officer, head = (users.get(name) for name in names)
    traffic = Department.objects.filter(slug="traffic").first()
    field = Field.objects.filter(name="교통").first()
    if not (member and rep and traffic and officer and head and field):
        return ["live demo items skipped (demo users missing)"]
    done = []
    if not Suggestion.objects.filter(ref="DEMO-LIVE-1").exists():
        services.file_suggestion(
            member,
            ref="DEMO-LIVE-1",
            kind=Suggestion.Kind.FIELD_REPORT,
            title="수유역 사거리 보행 신호등 고장",
            body="<p>수유역 4번 출구 앞 횡단보도 보행 신호등이 저녁마다 꺼집니다. 아이들 하굣길이라 걱정돼요.</p>",
            field=field,
            district="강북구",
            address="수유역 4번 출구 앞 횡단보도",
            lat=37.63841,
            lon=127.02481,
            time_band="17:00-20:00",
            risk_type=Suggestion.RiskType.TRAFFIC_RISK,
            visibility=Suggestion.Visibility.PUBLIC,
        )
        done.append("DEMO-LIVE-1 (교통과 답변 대기)")
    live1 = Suggestion.objects.filter(ref="DEMO-LIVE-1").first()
    fresh = live1 is not None and live1.status in CLOCK_STATES and not live1.extensions.exists()
    if live1 is not None and fresh and live1.due_date and not live1.delay_reason:
        # The deadline rules in the inbox: an extension waiting for the head, a delay reason for the tracker.
        services.request_extension(
            officer, live1, deadlines.add_business_days(live1.due_date, 5), "신호기 부품 수급을 교통공사에 확인 중"
        )
        services.record_delay_reason(officer, live1, "신호기 부품 수급이 늦어지고 있습니다.")
        done.append("DEMO-LIVE-1 연장 요청 (교통과장 결재 대기)")
    if not Suggestion.objects.filter(ref="DEMO-LIVE-2").exists():
        s = services.file_suggestion(
            member,
            ref="DEMO-LIVE-2",
            kind=Suggestion.Kind.PROPOSAL,
            title="학원가 셔틀버스 정차 구역 지정 제안",
            body="<p>대치동 학원가 셔틀버스가 아무 데나 정차해 사고 위험이 큽니다. 정차 구역 지정을 제안합니다.</p>",
            field=field,
            visibility=Suggestion.Visibility.PARTNERS,
        )
        a = services.save_answer_draft(
            officer,
            s,
            decision="partially_accepted",
            body="<p>강남구청과 협의하여 시범 정차 구역 두 곳을 지정하겠습니다.</p>",
        )
        services.submit_answer(officer, a)
        done.append("DEMO-LIVE-2 (교통과장 결재 대기)")
    if not Suggestion.objects.filter(ref="DEMO-LIVE-3").exists():
        s = services.file_suggestion(
            rep,
            ref="DEMO-LIVE-3",
            kind=Suggestion.Kind.PROPOSAL,
            title="녹색어머니회 교통안전 깃발 교체",
            body="<p>교통안전 깃발이 낡아 잘 보이지 않습니다. 교체를 건의합니다.</p>",
            field=field,
            visibility=Suggestion.Visibility.PUBLIC,
        )
        a = services.save_answer_draft(
            officer, s, decision="accepted", body="<p>새 깃발 100개를 다음 주에 전달하겠습니다.</p>"
        )
        services.submit_answer(officer, a)
        services.approve_answer(head, a)
        services.support(member, s)
        services.rate(rep, s, 5, "빠른 조치 감사합니다.")
        done.append("DEMO-LIVE-3 (답변·평가 완료)")
    crime = Field.objects.filter(name="범죄예방").first() or field
    for ref, title, address, district in (
        ("DEMO-ADDR-1", "역삼동 먹자골목 새벽 취객 시비", "강남구 역삼1동 먹자골목", ""),
        ("DEMO-ADDR-2", "망원시장 뒷골목 어두운 구간", "망원동 시장 뒷골목", "마포구"),
        ("DEMO-ADDR-3", "구청 뒤편 공영주차장 방범 요청", "구청 뒤 공영주차장", "노원구"),
    ):  # address-only field reports: placed at their 법정동 (or 자치구) centroid, flagged approximate
        if not Suggestion.objects.filter(ref=ref).exists():
            services.file_suggestion(
                member,
                ref=ref,
                kind=Suggestion.Kind.FIELD_REPORT,
                title=title,
                body=f"<p>{address} 쪽이 밤마다 불안합니다. 순찰을 부탁드립니다.</p>",
                field=crime,
                district=district,
                address=address,
                time_band="23:00-03:00",
                risk_type=Suggestion.RiskType.CRIME_CONCERN,
                visibility=Suggestion.Visibility.PUBLIC,
            )
            done.append(f"{ref} (주소만 있는 현장 의견: 대략 위치)")
    if live1 is not None and not live1.reports.exists():
        # The moderation queue (신고 검토) has one open report, below the hiding threshold.
        moderation.report(rep, live1, "off_topic", note="시연용 신고: 같은 내용이 이미 접수된 것 같습니다.")
        done.append("DEMO-LIVE-1 신고 1건 (신고 검토)")
    return done


def seed() -> str:
    suggestions_file, answers_file = _sources()
    report = importing.import_suggestions(suggestions_file.read_text(encoding="utf-8").splitlines())
    answers = (
        importing.import_answers(answers_file.read_text(encoding="utf-8").splitlines())
        if answers_file.is_file()
        else None
    )
    for department in Department.objects.filter(is_active=True):
        for title, body in TEMPLATES:
            AnswerTemplate.objects.get_or_create(department=department, title=title, defaults={"body": body})
    live = _live_items()
    parts = [
        f"{suggestions_file.name}: 새로 {report.created}, 이미 {report.existing}, 오류 {report.bad}",
        f"답변 새로 {answers.created if answers else 0}",
        *live,
    ]
    return "; ".join(parts)
