"""Import of suggestions and answers (JSON Lines in the format of shared/data/sample_suggestions.jsonl).

Each imported line goes through the same services as the UI, as `services.IMPORTER`: filed,
received and routed by the rules (its `id` kept as `ref`; idempotent: an existing ref is skipped),
and an imported answer is drafted, submitted and approved. So it gets the timeline, audit rows and
re-index a filed one gets, but no notifications (nobody is waiting for history). Unknown keys are
ignored; missing partner groups are created by slug; a bad line is reported with its number and skipped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import REFUSALS
from partners.models import Department, Field, PartnerGroup

from . import services, timebands
from .districts import SEOUL_DISTRICTS
from .models import Answer, Suggestion, TimelineEvent
from .text import html_to_text, sanitize

REQUIRED = ("id", "title", "body", "partner_group", "field", "kind")
# Sample answers use `under_review` for "still being reviewed": our 중장기 검토.
DECISION_ALIASES = {"under_review": Answer.Decision.LONG_TERM, "long_term_review": Answer.Decision.LONG_TERM}


class LineError(ValueError):
    pass


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return len(self.errors)


def _as_datetime(value: Any) -> dt.datetime:
    if not value:
        return timezone.now()
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise LineError(f"created_at 날짜 형식 오류: {value!r}") from exc
    if timezone.is_naive(parsed):
        if len(str(value)) <= 10:
            parsed = parsed.replace(hour=9)
        parsed = timezone.make_aware(parsed)
    return parsed


def _body_html(text: str) -> str:
    """Plain text (or limited HTML) → sanitized paragraphs."""
    text = str(text).strip()
    if "<p" not in text.lower():
        text = "".join(f"<p>{para}</p>" for para in text.split("\n\n") if para.strip())
    return sanitize(text)


def parse_line(row: Any, fields_by_name: dict[str, Field]) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise LineError("JSON 객체가 아닙니다")
    missing = [k for k in REQUIRED if not str(row.get(k, "")).strip()]
    if missing:
        raise LineError(f"필수 항목 없음: {', '.join(missing)}")
    kind = row["kind"]
    if kind not in Suggestion.Kind.values:
        raise LineError(f"kind 값 오류: {kind!r}")
    f = fields_by_name.get(str(row["field"]).strip())
    if f is None:
        raise LineError(f"알 수 없는 분야: {row['field']!r}")
    district = row.get("district") or ""
    if district and district not in SEOUL_DISTRICTS:
        raise LineError(f"알 수 없는 자치구: {district!r}")
    lat, lon = row.get("lat"), row.get("lon")
    try:
        lat = float(lat) if lat is not None else None
        lon = float(lon) if lon is not None else None
    except (TypeError, ValueError) as exc:
        raise LineError("lat/lon 숫자 오류") from exc
    title = services.clean_title(str(row["title"]))
    if not title:
        raise LineError("제목이 비어 있습니다")
    body = _body_html(row["body"])
    if not html_to_text(body):
        raise LineError("내용이 비어 있습니다")
    time_band = ""
    if kind == Suggestion.Kind.FIELD_REPORT and row.get("time_band"):
        try:
            time_band = timebands.clean(str(row["time_band"]))
        except Exception as exc:
            raise LineError(f"time_band 형식 오류: {row['time_band']!r}") from exc
    visibility = row.get("visibility") or Suggestion.Visibility.PUBLIC
    if visibility not in Suggestion.Visibility.values:
        raise LineError(f"visibility 값 오류: {visibility!r}")
    risk = row.get("risk_type") or ""
    return {
        "ref": str(row["id"]).strip()[:40],
        "kind": kind,
        "title": title,
        "body": body,
        "field": f,
        "group_slug": str(row["partner_group"]).strip()[:80],
        "district": district,
        "address": str(row.get("address") or "")[:200],
        "lat": lat,
        "lon": lon,
        "time_band": time_band,
        "risk_type": risk if risk in Suggestion.RiskType.values else "",
        "visibility": visibility,
        "created_at": _as_datetime(row.get("created_at")),
    }


def _group(slug: str) -> PartnerGroup:
    group, created = PartnerGroup.objects.get_or_create(
        slug=slug, defaults={"name": slug, "kind": PartnerGroup.Kind.OTHER}
    )
    if created:
        audit.record(None, "partner_group.created_by_import", group)
    return group


def _reason(exc: Exception) -> str:
    return "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def import_row(data: dict[str, Any]) -> Suggestion:
    """One parsed line → one suggestion filed, received and routed by the services (as the importer)."""
    with transaction.atomic():
        group = _group(data.pop("group_slug"))
        when = data.pop("created_at")
        s = services.file_suggestion(services.IMPORTER, group=group, created_at=when, received_at=when, **data)
        # History keeps its date: the line says when it was filed and received, so its timeline
        # events carry that date too (set here, after the services, in the same transaction).
        TimelineEvent.objects.filter(suggestion=s).update(created_at=when)
    return s


def import_answer(s: Suggestion, department: Department, decision: str, body: str) -> Answer:
    """A published answer through the UI's steps (as the importer): routed to the answering department
    if it is another, drafted, submitted and approved. It is published now: the file has no dates."""
    actor = services.IMPORTER
    with transaction.atomic():
        if s.department_id != department.pk:
            s = services.reassign(actor, s, department)
        a = services.save_answer_draft(actor, s, decision=decision, body=body)
        a = services.submit_answer(actor, a)
        return services.approve_answer(actor, a)


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, Any, str | None]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, f"JSON 오류: {exc.msg} (열 {exc.colno})"


def import_suggestions(lines: Iterable[str], progress=None) -> ImportReport:
    report = ImportReport()
    fields_by_name = {f.name: f for f in Field.objects.all()}
    fields_by_name.update({f.slug: f for f in fields_by_name.copy().values()})
    existing = set(Suggestion.objects.exclude(ref__isnull=True).values_list("ref", flat=True))
    for number, row, error in read_jsonl(lines):
        if progress is not None:
            progress.update(1)
        if error:
            report.errors.append((number, error))
            continue
        try:
            data = parse_line(row, fields_by_name)
        except LineError as exc:
            report.errors.append((number, str(exc)))
            continue
        if data["ref"] in existing:
            report.existing += 1
            continue
        try:
            import_row(data)
        except Exception as exc:  # a refusal (services, database) of one line must not stop the others
            report.errors.append((number, f"저장 실패: {_reason(exc)}"))
            continue
        existing.add(data["ref"])
        report.created += 1
    return report


def import_answers(lines: Iterable[str], progress=None) -> ImportReport:
    """sample_answers.jsonl: a published (approved) answer per suggestion ref; idempotent."""
    report = ImportReport()
    for number, row, error in read_jsonl(lines):
        if progress is not None:
            progress.update(1)
        if error:
            report.errors.append((number, error))
            continue
        if not isinstance(row, dict):
            report.errors.append((number, "JSON 객체가 아닙니다"))
            continue
        s = Suggestion.objects.filter(ref=row.get("suggestion_id")).first()
        department = Department.objects.filter(slug=row.get("department") or "").first()
        raw_decision = str(row.get("decision") or "")
        decision = DECISION_ALIASES.get(raw_decision, raw_decision)
        body = _body_html(row.get("body") or "")
        if s is None:
            report.errors.append((number, f"제안 없음: {row.get('suggestion_id')!r}"))
            continue
        if department is None:
            report.errors.append((number, f"부서 없음: {row.get('department')!r}"))
            continue
        if s.answers.filter(state=Answer.State.PUBLISHED).exists():
            report.existing += 1
            continue
        try:
            import_answer(s, department, decision, body)
        except REFUSALS as exc:  # the services refuse this line
            report.errors.append((number, f"답변 저장 실패: {_reason(exc)}"))
            continue
        report.created += 1
    return report
