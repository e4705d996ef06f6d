"""The briefing as an XLSX (openpyxl): a summary sheet, then one sheet per section with its table,
a native bar chart over the chart's data (written beside the table) and the examples."""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .sections import Section

HEADER_FILL = PatternFill("solid", fgColor="E1E9F2")
BOLD = Font(bold=True)


def sheet_title(text: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def _header(ws: Worksheet, row: int, col: int, names: list[str]) -> None:
    for k, name in enumerate(names):
        cell = ws.cell(row=row, column=col + k, value=name)
        cell.font, cell.fill = BOLD, HEADER_FILL


def _chart(ws: Worksheet, section: Section, col: int) -> None:
    chart_data = section.chart
    if chart_data is None or not chart_data.labels:
        return
    names = list(chart_data.series)
    _header(ws, 1, col, [_("항목"), *names])
    for r, label in enumerate(chart_data.labels, start=2):
        ws.cell(row=r, column=col, value=label)
        for k, name in enumerate(names):
            ws.cell(row=r, column=col + 1 + k, value=chart_data.series[name][r - 2])
    last = len(chart_data.labels) + 1
    chart = BarChart()
    chart.type = "bar" if chart_data.kind == "barh" else "col"
    chart.title = section.title
    chart.y_axis.title = chart_data.unit or _("건수")
    chart.height, chart.width = max(7.5, 0.5 * len(chart_data.labels)), 18
    data = Reference(ws, min_col=col + 1, max_col=col + len(names), min_row=1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col, min_row=2, max_row=last))
    ws.add_chart(chart, f"{get_column_letter(col)}{last + 3}")


def _section_sheet(wb: Workbook, section: Section) -> None:
    ws = wb.create_sheet(sheet_title(section.title))
    _header(ws, 1, 1, list(section.columns))
    for r, values in enumerate(section.rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=value)
    row = len(section.rows) + 3
    if not section.rows:
        ws.cell(row=2, column=1, value=_("해당 기간 자료가 없습니다."))
    if section.note:
        ws.cell(row=row, column=1, value=section.note).alignment = Alignment(wrap_text=False)
        row += 1
    if section.examples:
        ws.cell(row=row + 1, column=1, value=_("대표 사례")).font = BOLD
        for k, line in enumerate(section.examples, start=row + 2):
            ws.cell(row=k, column=1, value=line)
    for c in range(1, len(section.columns) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 28 if c == 1 or section.key == "implemented" else 14
    ws.freeze_panes = "A2"
    _chart(ws, section, len(section.columns) + 2)


def render(title: str, period_label: str, summary: list[tuple[str, str]], sections: list[Section]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has its first sheet
    ws.title = _("요약")
    ws.cell(row=1, column=1, value=f"{title} · {period_label}").font = Font(bold=True, size=14)
    _header(ws, 3, 1, [_("지표"), _("값")])
    for r, (name, value) in enumerate(summary, start=4):
        ws.cell(row=r, column=1, value=name)
        ws.cell(row=r, column=2, value=value)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 36, 18
    for section in sections:
        _section_sheet(wb, section)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
