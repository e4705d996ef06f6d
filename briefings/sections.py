"""What a briefing says: one month's figures gathered into generic sections (a table and a chart
each), so the PDF and the XLSX renderers share one source. Reads only.

Definitions (printed in the report's notes):
- volumes: proposals and field reports filed in the month (Asia/Seoul), moderated-hidden ones excluded;
- answer rate: of the month's filings routed to a department, the share answered by report time;
- on-time rate: of the answers published in the month with a deadline, the share on or before it;
- satisfaction: the average 1–5 rating the proposers gave in the month.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.access import Principal
from search.hotspots import hotspots
from search.params import SearchParams
from search.themes import compute as theme_data
from search.themes import theme_stats
from suggestions import deadlines
from suggestions.callbacks.models import CallbackCase
from suggestions.callbacks.selectors import callback_outcomes_by_month
from suggestions.following.models import Implementation
from suggestions.models import Rating, Suggestion

SEOUL = ZoneInfo("Asia/Seoul")
THEMES_SHOWN = 8
HOTSPOTS_SHOWN = 10
STATIONS_SHOWN = 12


@dataclass
class Chart:
    kind: str  # "bar" (vertical), "barh" (horizontal)
    labels: list[str]
    series: dict[str, list[float]]  # legend name → one value per label
    unit: str = ""


@dataclass
class Section:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart: Chart | None = None
    note: str = ""
    examples: list[str] = field(default_factory=list)  # short lines under the table (theme examples)


@dataclass
class Period:
    first: dt.date
    last: dt.date

    @classmethod
    def of(cls, month: dt.date) -> Period:
        first = month.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return cls(first, nxt - dt.timedelta(days=1))

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time.min, SEOUL)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, SEOUL)

    def previous(self) -> Period:
        return Period.of(self.first - dt.timedelta(days=1))

    @property
    def label(self) -> str:
        return _("%(y)s년 %(m)s월") % {"y": self.first.year, "m": self.first.month}


def _filed(period: Period):
    return Suggestion.objects.filter(created_at__gte=period.start, created_at__lt=period.end, hidden_at__isnull=True)


def _counts(period: Period, key: str) -> Counter:
    rows = _filed(period).values(key).annotate(n=Count("id")).order_by()
    return Counter({(r[key] or _("미지정")): r["n"] for r in rows})


def volumes_by_field(period: Period) -> Section:
    now, before = _counts(period, "field__name"), _counts(period.previous(), "field__name")
    names = sorted(set(now) | set(before), key=lambda n: (-now[n], n))
    rows = [[n, now[n], before[n], now[n] - before[n]] for n in names]
    rows.append([_("합계"), sum(now.values()), sum(before.values()), sum(now.values()) - sum(before.values())])
    return Section(
        "fields",
        _("분야별 접수 건수"),
        [_("분야"), period.label, period.previous().label, _("증감")],
        rows,
        Chart(
            "bar", names, {period.label: [now[n] for n in names], period.previous().label: [before[n] for n in names]}
        ),
        note=_("제안과 현장 의견을 합친 접수 건수입니다 (운영자가 숨긴 글 제외)."),
    )


def volumes_by_station(period: Period) -> Section:
    now = _counts(period, "station__name")
    top = now.most_common(STATIONS_SHOWN)
    rows = [[name, n] for name, n in top]
    return Section(
        "stations",
        _("경찰서별 접수 건수"),
        [_("경찰서"), _("건수")],
        rows,
        Chart("barh", [r[0] for r in rows], {_("건수"): [r[1] for r in rows]}) if rows else None,
        note=_("관할 경찰서가 정해진 글 기준 상위 %(n)s곳 ('미지정'은 관할 미확인).") % {"n": STATIONS_SHOWN},
    )


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def departments(period: Period) -> Section:
    filed = _filed(period).filter(department__isnull=False)
    received = Counter(dict(filed.values_list("department__name").annotate(n=Count("id")).order_by()))
    answered = Counter(
        dict(filed.filter(answered_at__isnull=False).values_list("department__name").annotate(n=Count("id")).order_by())
    )
    published = Suggestion.objects.filter(
        answered_at__gte=period.start, answered_at__lt=period.end, due_date__isnull=False, department__isnull=False
    ).values_list("department__name", "answered_at", "due_date")
    due_total: Counter[str] = Counter()
    on_time: Counter[str] = Counter()
    for name, answered_at, due in published:
        due_total[name] += 1
        local = deadlines.local_date(answered_at)
        if local is not None and due is not None and local <= due:
            on_time[name] += 1
    ratings = {
        r["suggestion__department__name"]: (r["avg"], r["n"])
        for r in Rating.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .exclude(suggestion__department__isnull=True)
        .values("suggestion__department__name")
        .annotate(avg=Avg("score"), n=Count("id"))
        .order_by()
    }
    names = sorted(set(received) | set(due_total) | set(ratings))
    rows = []
    for n in names:
        avg, count = ratings.get(n, (None, 0))
        rows.append(
            [
                n,
                received[n],
                _pct(answered[n], received[n]),
                due_total[n],
                _pct(on_time[n], due_total[n]),
                round(avg, 2) if avg is not None else None,
                count,
            ]
        )
    chart = Chart(
        "bar",
        names,
        {_("답변율(%)"): [r[2] or 0 for r in rows], _("기한 내 답변율(%)"): [r[4] or 0 for r in rows]},
        unit="%",
    )
    return Section(
        "departments",
        _("부서별 답변율 · 기한 준수율 · 만족도"),
        [_("부서"), _("접수"), _("답변율(%)"), _("기한 있는 답변"), _("기한 내(%)"), _("만족도(5점)"), _("평가 수")],
        rows,
        chart if rows else None,
        note=_(
            "답변율: 그 달 접수·배정된 글 중 보고서 작성 시점까지 답변된 비율. 기한 내: 그 달 게시된 답변 중 "
            "처리 기한 안에 답변한 비율. 만족도: 그 달 제안자가 남긴 평가(1–5점)의 평균."
        ),
    )


def callbacks(period: Period) -> Section:
    """청렴 콜 outcomes: the cases closed in the month (and the month before) by outcome."""
    today = timezone.localdate()
    back = (today.year - period.first.year) * 12 + today.month - period.first.month + 2  # the month and its previous
    by_month = {m["month"]: m for m in callback_outcomes_by_month(months=max(back, 2))}
    now, before = by_month.get(f"{period.first:%Y-%m}", {}), by_month.get(f"{period.previous().first:%Y-%m}", {})
    labels = [str(label) for label in CallbackCase.Outcome.labels]
    rows = [[label, now.get(label, 0), before.get(label, 0)] for label in labels]
    rows.append([_("합계"), sum(r[1] for r in rows), sum(r[2] for r in rows)])
    chart = Chart(
        "bar",
        labels,
        {period.label: [r[1] for r in rows[:-1]], period.previous().label: [r[2] for r in rows[:-1]]},
    )
    return Section(
        "callbacks",
        _("청렴 콜 결과 (민원 점검관 콜백)"),
        [_("결과"), period.label, period.previous().label],
        rows,
        chart,
        note=_(
            "낮은 평가(2점 이하), 민원 표시, 기한 초과 답변, 이의신청으로 열린 콜백 중 그 달 종결된 건의 결과입니다. "
            "'재검토 지시'는 부서에 다시 검토하게 한 건입니다."
        ),
    )


def _theme_rows(themes: list[dict[str, Any]]) -> tuple[list[list[Any]], list[str]]:
    rows, examples = [], []
    for t in themes:
        stats = theme_stats(t)
        rows.append([t["label"], t["count"], t["baseline_count"], t["groups"], ", ".join(t["terms"][:4])])
        titles = " / ".join(d.get("title", "") for d in stats["examples"])
        examples.append(f"{t['label']}: {titles}")
    return rows, examples


def themes(principal: Principal, period: Period) -> list[Section]:
    data = theme_data(principal, SearchParams(date_from=period.first, date_to=period.last))
    shown = [t for t in data["themes"] if not t["hidden"]]
    rising = sorted((t for t in shown if t["kind"] == "rising"), key=lambda t: (-t["rise"], -t["count"]))
    recurring = [t for t in shown if t["kind"] != "rising"]
    columns = [_("주제"), _("이번 달"), _("이전 기간"), _("단체 수"), _("핵심어")]
    out = []
    for key, title, items in (
        ("rising", _("급증 주제"), rising[:THEMES_SHOWN]),
        ("recurring", _("반복 주제"), recurring[:THEMES_SHOWN]),
    ):
        rows, examples = _theme_rows(items)
        chart = Chart("barh", [r[0] for r in rows], {_("이번 달"): [r[1] for r in rows]}) if rows else None
        note = _("이전 기간: 그 달 앞 두 달 동안 같은 주제로 묶인 건수. 아래는 주제마다 대표 사례입니다.")
        out.append(Section(key, title, columns, rows, chart, note=note, examples=examples))
    return out


def hotspot_cells(principal: Principal, period: Period) -> Section:
    data = hotspots(principal, SearchParams(date_from=period.first, date_to=period.last))
    cells = sorted(data["cells"], key=lambda c: (-c["count"], c["key"]))[:HOTSPOTS_SHOWN]
    rows = [
        [
            n + 1,
            c["district"],
            c["dong"],
            c["station"],
            c["count"],
            ", ".join(f"{h}시" for h in c["peak_hours"]),
            f"{c['lat']:.4f}, {c['lon']:.4f}",
        ]
        for n, c in enumerate(cells)
    ]
    hours = data["hours"]
    return Section(
        "hotspots",
        _("현장 의견 다발 지역 (상위 격자)"),
        [_("순위"), _("자치구"), _("법정동"), _("경찰서"), _("건수"), _("많은 시간대"), _("중심 좌표")],
        rows,
        Chart("bar", [str(h["hour"]) for h in hours], {_("시간대별 현장 의견"): [h["count"] for h in hours]}),
        note=_("그 달 현장 의견 %(n)s건을 약 2.4 km 격자로 묶은 상위 %(k)s곳. 그래프는 시간대(시)별 건수입니다.")
        % {"n": data["total"], "k": HOTSPOTS_SHOWN},
    )


def implemented(period: Period) -> Section:
    """The month's 반영 기록 (suggestions.following): what changed, by which department, when."""
    qs = (
        Implementation.objects.filter(implemented_on__gte=period.first, implemented_on__lte=period.last)
        .select_related("suggestion", "department", "announcement")
        .order_by("implemented_on", "pk")
    )
    rows = [
        [
            i.suggestion.ref or f"#{i.suggestion_id}",
            i.suggestion.title,
            i.summary,
            i.department.name,
            f"{i.implemented_on:%Y-%m-%d}",
            i.announcement.title if i.announcement else "",
        ]
        for i in qs
    ]
    return Section(
        "implemented",
        _("이달 반영된 제안"),
        [_("번호"), _("제안 제목"), _("변경 내용"), _("반영 부서"), _("반영일"), _("관련 공지")],
        rows,
        note=_("그 달 반영일로 기록된 제안과 바뀐 내용입니다 (반영 기록)."),
    )
