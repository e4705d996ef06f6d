"""A small month of data for the briefing tests (November 2026, Seoul): recurring topics since
August, a topic rising in November from two groups, field reports with pins, answers on time and
late, ratings and one 반영 기록 — indexed in the real Elasticsearch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pypdfium2 as pdfium
import pytest
from django.core.cache import cache

from demo.search import seed_synonyms, seed_user_words
from places.models import PoliceStation
from suggestions.callbacks.models import CallbackCase
from suggestions.following.models import Implementation
from suggestions.models import Rating, Suggestion
from tests.search.conftest import index_all

SEOUL = ZoneInfo("Asia/Seoul")
MONTH = dt.date(2026, 11, 1)
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

RECURRING = [
    ("골목 가로등 고장", "역삼동 골목 가로등이 꺼져서 밤에 어두워요. 가로등 수리를 요청합니다."),
    ("가로등 꺼진 골목길", "뒷골목 가로등이 한 달째 고장이에요. 어두운 골목이 무섭습니다."),
    ("어두운 골목 가로등 교체", "밤마다 어두운 골목 가로등 때문에 불안해요. 가로등 교체 부탁드립니다."),
]
RISING = [
    ("딥페이크 합성 사진 피해", "학생 사진으로 딥페이크 합성 영상을 만들어 퍼뜨렸어요. 중학교 일대입니다."),
    ("딥페이크 성범죄 예방 교육", "중학교에서 딥페이크 합성 성범죄 예방 교육을 해 주세요."),
    ("SNS 딥페이크 합성물 신고", "딥페이크 합성 영상을 어디에 신고하는지 몰라요. 대응 계획을 알려 주세요."),
]
# Field reports with pins around 신촌 and 강남역 (two hotspot cells).
PINS = [(37.5559, 126.9368, "서대문구"), (37.4979, 127.0276, "강남구")]


@dataclass
class Month:
    rising: list[Suggestion]
    recurring: list[Suggestion]
    reports: list[Suggestion]
    on_time: Suggestion
    late: Suggestion
    implemented: Suggestion


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), SEOUL)


@pytest.fixture
def november(world, search_index) -> Month:
    cache.clear()
    seed_synonyms()
    seed_user_words()
    groups = [world.group, world.other_group]
    recurring = []
    for n, day in enumerate(range(0, 120, 6)):  # 8 Aug – early Dec: every month
        title, body = RECURRING[n % 3]
        created = dt.date(2026, 8, 3) + dt.timedelta(days=day)
        if created >= dt.date(2026, 12, 1):
            break
        recurring.append(world.suggestion(title, body, created=created.isoformat(), group=groups[n % 2]))
    rising = [
        world.suggestion(t, b, created=f"2026-11-{3 + 4 * n:02d}", group=groups[n % 2], field="아동·여성")
        for n, (t, b) in enumerate(RISING * 2)
    ]
    station = PoliceStation.objects.get(name="서대문경찰서")
    reports = []
    for n in range(6):
        lat, lon, district = PINS[n % 2]
        reports.append(
            world.suggestion(
                "여기 무서워요: 어두운 길",
                "밤에 이 길이 어둡고 사람이 없어 무서워요.",
                created=f"2026-11-{5 + n:02d}",
                field="범죄예방",
                kind=Suggestion.Kind.FIELD_REPORT,
                lat=lat + 0.0003 * n,
                lon=lon,
                district=district,
                station=station if district == "서대문구" else None,
                time_band="22:00-02:00",
            )
        )
    traffic = world.suggestion(
        "스쿨존 과속 단속 요청", "초등학교 앞 과속 차량이 많아요.", created="2026-11-02", field="교통"
    )
    answered = {"status": Suggestion.Status.ANSWERED}
    Suggestion.objects.filter(pk=traffic.pk).update(
        **answered,
        received_at=_at(dt.date(2026, 11, 2)),
        due_date=dt.date(2026, 11, 20),
        answered_at=_at(dt.date(2026, 11, 10)),
    )
    late = recurring[-3]
    Suggestion.objects.filter(pk=late.pk).update(
        **answered, received_at=late.created_at, due_date=dt.date(2026, 11, 5), answered_at=_at(dt.date(2026, 11, 12))
    )
    for rated, score in ((traffic, 5), (late, 2)):
        rating = Rating.objects.create(suggestion=rated, user=world.member, score=score)
        Rating.objects.filter(pk=rating.pk).update(created_at=_at(dt.date(2026, 11, 15)))  # rated in November
    # 청렴 콜: the 2-point rating's case closed in November (re-review), an older one in October.
    for day, outcome in (
        (dt.date(2026, 11, 18), "re_review"),
        (dt.date(2026, 11, 20), "resolved"),
        (dt.date(2026, 10, 9), "explained"),
    ):
        CallbackCase.objects.create(
            suggestion=late,
            source="low_rating",
            state="closed",
            outcome=outcome,
            closed_at=_at(day),
            opened_at=_at(day),
        )
    implemented = rising[0]
    Suggestion.objects.filter(pk=implemented.pk).update(
        status=Suggestion.Status.IMPLEMENTED, implemented_at=_at(dt.date(2026, 11, 25))
    )
    Implementation.objects.create(
        suggestion=implemented,
        summary="중학교 딥페이크 예방 교육을 서울 전 학교 학기 교육에 넣었습니다.",
        implemented_on=dt.date(2026, 11, 25),
        department=world.departments["women-youth"],
    )
    index_all()
    return Month(rising, recurring, reports, traffic, late, implemented)


def render_pages(pdf: bytes, stem: str) -> list[tuple[str, float]]:
    """Every page rendered (saved as tests/artifacts/<stem>-<n>.png): (its text, its pixel variance)."""
    ARTIFACTS.mkdir(exist_ok=True)
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for n in range(len(doc)):
            page = doc[n]
            image = page.render(scale=1.5).to_pil()
            image.save(ARTIFACTS / f"{stem}-{n + 1}.png")
            text = page.get_textpage().get_text_range()
            out.append((text, float(np.asarray(image.convert("L"), dtype=np.float32).var())))
    finally:
        doc.close()
    return out
