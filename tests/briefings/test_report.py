"""A briefing built from a real month (PostgreSQL + Elasticsearch): the PDF rendered page by page
with pypdfium2 (images saved under tests/artifacts/), its text layer, and the XLSX opened again."""

from __future__ import annotations

import io

import openpyxl
import pytest

from briefings import generate, sections
from briefings.models import Briefing
from tests.briefings.conftest import MONTH, render_pages

pytestmark = pytest.mark.django_db

HEADINGS = [
    "치안파트너스 월간 정책 브리핑",
    "2026년 11월",
    "주요 지표",
    "분야별 접수 건수",
    "경찰서별 접수 건수",
    "급증 주제",
    "반복 주제",
    "부서별 답변율",
    "현장 의견 다발 지역",
    "청렴 콜 결과",
    "이달 반영된 제안",
]


def test_sections_hold_the_months_figures(world, november):
    period = sections.Period.of(MONTH)
    fields = sections.volumes_by_field(period)
    by_field = {r[0]: r for r in fields.rows}
    assert by_field["교통"][1] == 1 and by_field["합계"][1] == sum(r[1] for r in fields.rows[:-1])
    in_november = [s for s in november.recurring if s.created_at.month == 11]
    assert by_field["범죄예방"][1] == len(in_november) + len(november.reports)
    stations = dict(sections.volumes_by_station(period).rows)
    assert stations["서대문경찰서"] == 3
    depts = {r[0]: r for r in sections.departments(period).rows}
    # 교통과: one filing, answered on time, rated 5. 생활안전과: the late answer, rated 2.
    assert depts["교통과"][1:] == [1, 100.0, 1, 100.0, 5.0, 1]
    assert depts["생활안전과"][3:] == [1, 0.0, 2.0, 1]
    rising, recurring = sections.themes(world.principal(world.hq), period)
    assert any("딥페이크" in r[0] for r in rising.rows), rising.rows
    assert any("가로등" in r[0] for r in recurring.rows), recurring.rows
    assert any("딥페이크" in line for line in rising.examples)
    hot = sections.hotspot_cells(world.principal(world.hq), period)
    assert sum(r[4] for r in hot.rows) == len(november.reports) and {r[1] for r in hot.rows} == {"서대문구", "강남구"}
    assert hot.chart is not None and hot.chart.series["시간대별 현장 의견"][23] == len(november.reports)
    calls = {r[0]: r[1:] for r in sections.callbacks(period).rows}
    assert calls == {"해결": [1, 0], "설명 완료": [0, 1], "재검토 지시": [1, 0], "합계": [2, 1]}
    done = sections.implemented(period).rows
    assert [r[1] for r in done] == [november.implemented.title] and "예방 교육" in done[0][2]


def test_pdf_pages_render_with_korean_text_and_charts(world, november):
    briefing = Briefing.objects.create(month=MONTH, requested_by=world.hq)
    steps: list[tuple[int, str]] = []
    pdf, xlsx = generate.build(briefing, lambda p, s: steps.append((p, s)))
    assert [p for p, _ in steps] == sorted(p for p, _ in steps) and len(steps) >= 6
    pages = render_pages(pdf, "briefing-report")
    assert 3 <= len(pages) <= 12
    for n, (_text, variance) in enumerate(pages, start=1):
        assert variance > 50, f"page {n} looks blank (variance {variance:.1f})"
    text = "\n".join(t for t, _ in pages)
    for heading in HEADINGS:
        assert heading in text, heading
    assert november.implemented.title in text and "교통과" in text

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    names = book.sheetnames
    assert names[0] == "요약" and "분야별 접수 건수" in names and "이달 반영된 제안" in names
    summary = {row[0]: row[1] for row in book["요약"].iter_rows(min_row=4, values_only=True)}
    assert summary["반영된 제안"] == "1" and summary["청렴 콜 종결"] == "2"
    fields = book["분야별 접수 건수"]
    assert [c.value for c in fields[1]][:4] == ["분야", "2026년 11월", "2026년 10월", "증감"]
    assert fields._charts, "no native chart on the field sheet"  # openpyxl keeps the charts it read
    done = book["이달 반영된 제안"]
    assert done.cell(row=2, column=2).value == november.implemented.title
