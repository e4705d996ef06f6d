"""Building one briefing: gather each section (reporting progress after each), draw the PDF and the
XLSX, store both. Called by the Celery task (briefings.tasks) and by the demo seed."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from partners.access import principal_for

from . import pdf, sections, services, xlsx
from .models import Briefing
from .sections import Period, Section

TITLE = "치안파트너스 월간 정책 브리핑"


def _summary(period: Period, parts: dict[str, list[Section]]) -> list[tuple[str, str]]:
    fields = parts["fields"][0].rows
    total, before = (fields[-1][1], fields[-1][2]) if fields else (0, 0)
    dept = parts["departments"][0].rows
    received = sum(r[1] for r in dept)
    answered = sum(round(r[1] * (r[2] or 0) / 100) for r in dept)
    due = sum(r[3] for r in dept)
    on_time = sum(round(r[3] * (r[4] or 0) / 100) for r in dept)
    rated = sum(r[6] for r in dept)
    score = sum((r[5] or 0) * r[6] for r in dept)
    rising = parts["themes"][0].rows

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "–"

    return [
        (_("접수 건수 (전월 대비)"), f"{total} ({total - before:+d})"),
        (_("답변율"), pct(answered, received)),
        (_("기한 내 답변율"), pct(on_time, due)),
        (_("평균 만족도 (5점 만점)"), f"{score / rated:.2f} ({rated}건)" if rated else "–"),
        (_("급증 주제"), ", ".join(r[0] for r in rising[:3]) or "–"),
        (_("청렴 콜 종결"), f"{parts['callbacks'][0].rows[-1][1]}"),
        (_("반영된 제안"), f"{len(parts['implemented'][0].rows)}"),
    ]


def build(briefing: Briefing, progress: Callable[[int, str], None] | None = None) -> tuple[bytes, bytes]:
    """(pdf, xlsx) bytes of the briefing's month, as its requester may see the data (HQ)."""
    report = progress or (lambda _p, _s: None)
    period = Period.of(briefing.month)
    principal = principal_for(briefing.requested_by)
    steps: list[tuple[str, str, Callable[[], list[Section]]]] = [
        (
            "fields",
            _("분야·경찰서별 접수 건수"),
            lambda: [sections.volumes_by_field(period), sections.volumes_by_station(period)],
        ),
        ("themes", _("반복·급증 주제"), lambda: sections.themes(principal, period)),
        ("departments", _("부서별 답변율·만족도"), lambda: [sections.departments(period)]),
        ("callbacks", _("청렴 콜 결과"), lambda: [sections.callbacks(period)]),
        ("hotspots", _("현장 의견 다발 지역"), lambda: [sections.hotspot_cells(principal, period)]),
        ("implemented", _("반영된 제안"), lambda: [sections.implemented(period)]),
    ]
    parts: dict[str, list[Section]] = {}
    for n, (key, label, gather) in enumerate(steps):
        report(5 + 60 * n // len(steps), _("자료 모으는 중: %(step)s") % {"step": label})
        parts[key] = gather()
    ordered = [s for key, _label, _gather in steps for s in parts[key]]
    summary = _summary(period, parts)
    requester = briefing.requested_by.get_username() if briefing.requested_by else "-"
    report(70, _("PDF 만드는 중 (차트 그리기)"))
    pdf_bytes = pdf.render(TITLE, period.label, summary, ordered, requester)
    report(90, _("XLSX 만드는 중"))
    xlsx_bytes = xlsx.render(TITLE, period.label, summary, ordered)
    return pdf_bytes, xlsx_bytes


def run(briefing_id: int) -> Briefing | None:
    """Claim, build and store; None when the briefing is gone or already finished (a redelivery)."""
    briefing = services.claim(briefing_id)
    if briefing is None:
        return None
    pdf_bytes, xlsx_bytes = build(briefing, lambda p, s: services.report_progress(briefing, p, s))
    return services.finish(briefing, pdf_bytes, xlsx_bytes)
