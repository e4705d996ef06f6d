"""Demo data of the POST-CSO loop (서대문서): the agency directory, the CPTED checklist, site checks
(planned, and done with the checklist) and referrals in each outcome state, one of them overdue.
Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from suggestions import deadlines
from suggestions.models import Suggestion
from suggestions.referrals import links
from suggestions.referrals.models import Agency, AgencyReferral, ChecklistItem, SiteCheck, SiteCheckItem

CPTED_ITEMS = [  # as seeded by migration 0012 (kept here for flushed test databases and make run)
    ("조명", "야간 조도, 고장·소등된 가로등·보안등"),
    ("CCTV", "설치 여부, 사각지대, 화질·작동 상태"),
    ("시야 확보", "수목·담장·적치물로 가려진 곳"),
    ("비상벨", "위치 안내, 작동·연결 상태"),
    ("안내 표지", "방범 안내판, 위치 표지(국가지점번호 등)"),
    ("출입 통제", "공·폐가, 옥상·지하 출입구 잠금"),
]

AGENCIES = [
    ("서대문구청 도시디자인과", Agency.Kind.DISTRICT, "design@sdm.example.go.kr"),
    ("서대문구청 건설관리과", Agency.Kind.DISTRICT, "road@sdm.example.go.kr"),
    ("한국전력공사 서대문지사", Agency.Kind.KEPCO, "seodaemun@kepco.example.co.kr"),
    ("서울시 안전총괄실", Agency.Kind.CITY, "safety@seoul.example.go.kr"),
    ("서울시설공단", Agency.Kind.FACILITY, "facility@sisul.example.or.kr"),
]


def ensure_checklist() -> list[ChecklistItem]:
    for order, (label, guidance) in enumerate(CPTED_ITEMS, start=1):
        ChecklistItem.objects.get_or_create(label=label, defaults={"guidance": guidance, "order": order * 10})
    return list(ChecklistItem.objects.filter(active=True))


def ensure_agencies() -> list[Agency]:
    for name, kind, email in AGENCIES:
        Agency.objects.get_or_create(name=name, defaults={"kind": kind, "email": email})
    return list(Agency.objects.all())


def _checked(check: SiteCheck, poor: set[str]) -> None:
    for item in ChecklistItem.objects.filter(active=True):
        SiteCheckItem.objects.get_or_create(
            site_check=check,
            item=item,
            defaults={"result": SiteCheckItem.Result.POOR if item.label in poor else SiteCheckItem.Result.GOOD},
        )


def seed_referrals() -> None:
    ensure_checklist()
    agencies = {a.name: a for a in ensure_agencies()}
    reports = list(Suggestion.objects.filter(kind=Suggestion.Kind.FIELD_REPORT).order_by("pk")[:6])
    if not reports or SiteCheck.objects.filter(suggestion__in=reports).exists():
        return
    officer = get_user_model().objects.filter(username="officer_safety").first()
    today = deadlines.local_today()
    R = AgencyReferral.Status
    plan = [  # (site check done?, poor items, agency, status, days ago, reason/reply)
        (False, set(), None, None, 0, ""),
        (True, {"조명", "시야 확보"}, "한국전력공사 서대문지사", R.SENT, 3, ""),
        (True, {"CCTV"}, "서대문구청 도시디자인과", R.RECEIVED, 20, "담당 배정"),  # overdue
        (True, {"조명"}, "서대문구청 건설관리과", R.IN_PROGRESS, 9, "보안등 교체 발주"),
        (True, {"비상벨"}, "서울시 안전총괄실", R.DONE, 25, "비상벨 점검·복구 완료"),
        (True, {"출입 통제"}, "서울시설공단", R.IMPOSSIBLE, 40, ""),
    ]
    for s, (done, poor, agency_name, status, ago, text) in zip(reports, plan, strict=False):
        day = today - dt.timedelta(days=ago + 2)
        check = SiteCheck.objects.create(
            suggestion=s,
            scheduled_for=day if done else today + dt.timedelta(days=3),
            due_date=(day if done else today) + dt.timedelta(days=7),
            assigned_to=officer,
            done_on=day if done else None,
            result="야간 조도 부족, 골목 안쪽 사각지대" if done else "",
            created_by=officer,
        )
        if done:
            _checked(check, poor)
        if agency_name is None or status is None:
            continue
        referred = today - dt.timedelta(days=ago)
        closed = status in AgencyReferral.CLOSED
        AgencyReferral.objects.create(
            suggestion=s,
            agency=agency_name,
            directory=agencies[agency_name],
            referred_on=referred,
            reply_due=deadlines.add_business_days(referred, 10),
            status=status,
            reply=text,
            reason="사유지(사설 주차장) 출입구로 공단 관리 대상이 아님" if status == R.IMPOSSIBLE else "",
            replied_on=referred + dt.timedelta(days=2) if status != R.SENT else None,
            link_nonce="" if closed else links.new_nonce(),
            created_by=officer,
        )
