"""Demo 탄력순찰 (idempotent): 생활안전과 patrols for 강북·마포경찰서; night-time fear reports at
수유역 became a request planned this week with a spot, patrolled once (the reporters were told); the
address-only 망원동 report's cell is an open request not yet planned."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from partners.models import Department, Field
from places.models import PoliceStation
from suggestions import services
from suggestions.geo import tile_key
from suggestions.models import Suggestion
from suggestions.patrols import services as patrols
from suggestions.patrols.models import PatrolLog, PatrolRequest, PatrolSpot, PatrolUnit

FEAR = (
    ("DEMO-PATROL-1", "partner_member", "수유역 뒷골목이 밤마다 무서워요", 37.63872, 127.02455),
    ("DEMO-PATROL-2", "member_other", "수유시장 옆 골목 가로등이 꺼져 있어요", 37.63795, 127.02530),
    ("DEMO-PATROL-3", "partner_member", "수유역 8번 출구 뒤 취객이 많아 불안해요", 37.63910, 127.02600),
)


def seed_patrols() -> list[str]:
    names = ["partner_member", "member_other", "hq", "officer_safety", "head_safety"]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    safety = Department.objects.filter(slug="community-safety").first()
    crime = Field.objects.filter(name="범죄예방").first()
    if len(users) < 5 or safety is None or crime is None:
        return ["탄력순찰 demo skipped (demo users or 생활안전과 missing)"]
    done = []
    for name in ("강북경찰서", "마포경찰서"):
        station = PoliceStation.objects.filter(name=name).first()
        if station and not PatrolUnit.objects.filter(station=station).exists():
            PatrolUnit.objects.create(station=station, department=safety)
            done.append(f"{name} 순찰 담당: 생활안전과")
    for ref, who, title, lat, lon in FEAR:
        if not Suggestion.objects.filter(ref=ref).exists():
            services.file_suggestion(
                users[who],
                ref=ref,
                kind=Suggestion.Kind.FIELD_REPORT,
                title=title,
                body="<p>밤 10시 넘으면 사람이 없고 어두워서 무섭습니다. 순찰을 부탁드립니다.</p>",
                field=crime,
                district="강북구",
                address="수유역 주변 골목",
                lat=lat,
                lon=lon,
                time_band="22:00-02:00",
                risk_type=Suggestion.RiskType.RESIDENT_ANXIETY,
                visibility=Suggestion.Visibility.PUBLIC,
            )
    if not PatrolRequest.objects.filter(note="demo").exists():
        cell = tile_key(37.63872, 127.02455)
        [req] = patrols.create_requests(users["hq"], cell_key=cell, time_band="22:00-02:00", note="demo")
        today = timezone.localdate().isocalendar()
        plan = patrols.plan_week(
            users["head_safety"], requests=[req], year=today.year, week=today.week, assignee=users["officer_safety"]
        )
        done.append(f"순찰 요청 → {plan} 계획 (수유역 일대)")
        mangwon = Suggestion.objects.filter(ref="DEMO-ADDR-2", lat__isnull=False).first()
        if mangwon:
            patrols.create_requests(users["hq"], cell_key=tile_key(mangwon.lat, mangwon.lon), note="demo")
            done.append("순찰 요청 (망원동, 주소만 있는 현장 의견, 미계획)")
    spot = PatrolSpot.objects.filter(request__note="demo").select_related("plan").first()
    if spot and not PatrolLog.objects.filter(spot=spot).exists():
        at = timezone.localtime() - dt.timedelta(minutes=5)
        if spot.plan.monday <= at.date() <= spot.plan.sunday:
            patrols.log_patrol(
                users["officer_safety"], spot, date=at.date(), time=at.time().replace(second=0, microsecond=0)
            )
            done.append("순찰 완료 1건 (신고한 파트너에게 알림)")
    return done
