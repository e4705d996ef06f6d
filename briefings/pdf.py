"""The briefing as a PDF (fpdf2, A4, NanumGothic): a cover with the key figures, then one block per
section — heading, note, chart image, table, examples."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from . import charts, fonts
from .sections import Section

FONT = "NanumGothic"
NAVY = (31, 78, 121)
WIDTHS = {"implemented": [1, 2.2, 3, 1.4, 1.2, 1.6], "hotspots": [0.6, 1.2, 1.2, 1.4, 0.8, 1.6, 1.8]}
# fontTools logs every glyph of a font subset (INFO) and the TSI tables it drops (WARNING): noise.
logging.getLogger("fontTools").setLevel(logging.ERROR)


class _Document(FPDF):
    title_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.title_text} · {self.page_no()} / {{nb}}", align="C")
        self.set_text_color(0)


def _cell_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _heading(pdf: FPDF, text: str, keep_with: float) -> None:
    """The section's title, on a new page unless it fits with the first `keep_with` mm of its body."""
    if pdf.will_page_break(16 + keep_with):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "B", 14)
    pdf.set_text_color(*NAVY)
    pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*NAVY)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.set_text_color(0)
    pdf.ln(2)


def _table(pdf: FPDF, section: Section) -> None:
    if not section.rows:
        pdf.set_font(FONT, size=10)
        pdf.cell(0, 7, _("해당 기간 자료가 없습니다."), new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(FONT, size=8)
    widths = WIDTHS.get(section.key) or [3, *[1.4] * (len(section.columns) - 1)]
    heading = FontFace(emphasis="BOLD", fill_color=(225, 233, 242))
    with pdf.table(col_widths=widths, headings_style=heading, line_height=5, text_align="LEFT") as table:
        table.row(list(section.columns))
        for values in section.rows:
            table.row([_cell_text(v) for v in values])


def _section(pdf: FPDF, section: Section) -> None:
    image = charts.png(section.chart) if section.chart is not None and section.rows else None
    height = 0.0
    if image is not None:
        with Image.open(io.BytesIO(image)) as png:
            height = pdf.epw * png.height / png.width
    _heading(pdf, section.title, (height or 20) + 12)
    if section.note:
        pdf.set_font(FONT, size=8)
        pdf.set_text_color(90)
        pdf.multi_cell(0, 4.5, section.note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        pdf.ln(1)
    if image is not None:
        if pdf.will_page_break(height):
            pdf.add_page()
        pdf.image(io.BytesIO(image), w=pdf.epw)
        pdf.ln(2)
    _table(pdf, section)
    if section.examples:
        pdf.ln(2)
        pdf.set_font(FONT, "B", 9)
        pdf.cell(0, 6, _("대표 사례"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=8)
        for line in section.examples:
            pdf.multi_cell(0, 4.5, f"· {line}", new_x="LMARGIN", new_y="NEXT")


def _cover(pdf: FPDF, title: str, period_label: str, summary: list[tuple[str, str]], requested_by: str) -> None:
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font(FONT, "B", 22)
    pdf.set_text_color(*NAVY)
    pdf.multi_cell(0, 12, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 12, period_label, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(10)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 8, _("주요 지표"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=11)
    with pdf.table(col_widths=(2, 1), line_height=7, text_align=("LEFT", "RIGHT"), first_row_as_headings=False) as t:
        for name, value in summary:
            t.row([name, value])
    pdf.ln(8)
    pdf.set_font(FONT, size=9)
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    pdf.multi_cell(
        0,
        5,
        _("서울경찰청 치안파트너스 정책제안 포럼 청(聽) · 작성 %(made)s · 요청 %(who)s")
        % {"made": made, "who": requested_by},
        align="C",
    )


def render(
    title: str, period_label: str, summary: list[tuple[str, str]], sections: list[Section], requested_by: str
) -> bytes:
    pdf = _Document(format="A4")
    pdf.title_text = f"{title} · {period_label}"
    pdf.set_title(pdf.title_text)
    pdf.set_lang("ko")
    pdf.add_font(FONT, "", str(fonts.regular()))
    pdf.add_font(FONT, "B", str(fonts.bold()))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.alias_nb_pages()
    _cover(pdf, title, period_label, summary, requested_by)
    pdf.add_page()
    for section in sections:
        _section(pdf, section)
    return bytes(pdf.output())
