"""CSV/XLSX for every export in the project (search results, themes, hotspots, the suggestions
dump of `manage.py export_suggestions`), all through one spreadsheet-formula guard."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet

from core.spreadsheet import FORMULA_STARTS as FORMULA_STARTS
from core.spreadsheet import cell as cell
from core.spreadsheet import write_csv as write_csv
from partners.access import Principal
from suggestions.models import Answer, Rating, Suggestion
from suggestions.text import html_to_text, mask_pii

from .client import get_client, index_name, missing_index_raised
from .indices import SUGGESTIONS
from .params import SearchParams
from .query import build_query, sort_clause, suggestion_url, synonym_groups

Columns = list[tuple[str, str]]  # (row key, header)
# The guard (`cell`, `write_csv`) lives in core.spreadsheet so the audit-log export below search uses it too.


def rows_to_csv(rows: list[dict[str, Any]], columns: Columns) -> bytes:
    return b"".join(stream_csv(rows, columns))


def rows_to_xlsx(rows: list[dict[str, Any]], columns: Columns, title: str = "검색 결과") -> bytes:
    from openpyxl import Workbook  # heavy; only for XLSX downloads

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([header for _, header in columns])
    for row in rows:
        sheet.append([cell(row.get(key)) for key, _ in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Search results -------------------------------------------------------------------------

EXPORT_COLUMNS: Columns = [
    ("id", "ID"),
    ("ref", "참조번호"),
    ("created", "등록일"),
    ("title", "제목"),
    ("field", "분야"),
    ("kind", "종류"),
    ("status", "상태"),
    ("department", "담당 부서"),
    ("group", "단체"),
    ("district", "자치구"),
    ("dong", "법정동"),
    ("station", "관할 경찰서"),
    ("supports", "공감"),
    ("answer_decision", "답변 결정"),
    ("url", "주소"),
]


EXPORT_PAGE = 1000  # hits per request while streaming an export
PIT_KEEP_ALIVE = "2m"  # between two pages; a slow download keeps the same snapshot alive


def _export_row(src: dict[str, Any]) -> dict[str, Any]:
    row = {key: src.get(key) for key, _ in EXPORT_COLUMNS}
    row["created"] = (src.get("created") or "")[:10]
    row["url"] = suggestion_url(src["id"])
    return row


def iter_export_rows(principal: Principal, params: SearchParams, page_size: int = EXPORT_PAGE) -> Iterator[dict]:
    """Every match, in the page's sort order: not capped at the result window (10,000), but read
    page by page with `search_after` over a point in time, so the file is one consistent snapshot
    however long the download takes. The sort clauses end on `id`, a unique tie-breaker."""
    es = get_client()
    with missing_index_raised(SUGGESTIONS):
        pit = es.open_point_in_time(index=index_name(SUGGESTIONS), keep_alive=PIT_KEEP_ALIVE)["id"]
    query = build_query(principal, params, synonyms=synonym_groups() if params.q else [])
    after: list[Any] | None = None
    try:
        while True:
            body: dict[str, Any] = {
                "query": query,
                "sort": sort_clause(params),
                "size": page_size,
                "_source": [key for key, _ in EXPORT_COLUMNS if key != "url"],
                "track_total_hits": False,
                "pit": {"id": pit, "keep_alive": PIT_KEEP_ALIVE},
            }
            if after is not None:
                body["search_after"] = after
            response = es.search(**body)
            pit = response.get("pit_id", pit)
            hits = response["hits"]["hits"]
            for hit in hits:
                yield _export_row(hit["_source"])
            if len(hits) < page_size:
                return
            after = hits[-1]["sort"]
    finally:
        with contextlib.suppress(Exception):  # it expires by itself after PIT_KEEP_ALIVE anyway
            es.close_point_in_time(id=pit)


def export_rows(principal: Principal, params: SearchParams) -> list[dict[str, Any]]:
    """Every match as a list (for callers that need them all at once; the views stream)."""
    return list(iter_export_rows(principal, params))


def stream_csv(rows: Iterable[dict[str, Any]], columns: Columns) -> Iterator[bytes]:
    """Guarded CSV, one encoded chunk per ~EXPORT_PAGE rows (a BOM first, for Excel)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([header for _, header in columns])
    for n, row in enumerate(rows, 1):
        writer.writerow([cell(row.get(key)) for key, _ in columns])
        if n % EXPORT_PAGE == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_file(rows: Iterable[dict[str, Any]], columns: Columns, title: str = "검색 결과") -> IO[bytes]:
    """An XLSX of every row (openpyxl's write-only mode: rows go to disk, not memory), rewound."""
    from openpyxl import Workbook  # heavy; only for XLSX downloads

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([header for _, header in columns])
    for row in rows:
        sheet.append([cell(row.get(key)) for key, _ in columns])
    out = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the FileResponse that serves it)
    workbook.save(out)
    out.seek(0)
    return out


# --- Hotspots and themes ----------------------------------------------------------------------

HOTSPOT_COLUMNS: Columns = [
    ("key", "격자(z/x/y)"),
    ("district", "자치구"),
    ("count", "건수"),
    ("dong", "법정동"),
    ("station", "관할 경찰서"),
    ("approximate", "대략 위치 건수"),
    ("lat", "중심 위도"),
    ("lon", "중심 경도"),
    ("south", "남"),
    ("west", "서"),
    ("north", "북"),
    ("east", "동"),
    ("peak_hours", "집중 시간대"),
]


def hotspot_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for c in sorted(data["cells"], key=lambda c: -c["count"]):
        rows.append({**c, "peak_hours": " ".join(f"{h:02d}시" for h in c["peak_hours"])})
    return rows


THEME_COLUMNS: Columns = [
    ("kind", "구분"),
    ("label", "주제"),
    ("terms", "핵심어"),
    ("count", "건수"),
    ("groups", "단체 수"),
    ("score", "점수"),
    ("examples", "대표 제안"),
]
THEME_KINDS = {"recurring": "반복 주제", "rising": "급증 주제", "new": "새 주제"}


def theme_rows(themes_: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """search.themes.compute()'s themes, one row each."""
    return [
        {
            "kind": THEME_KINDS.get(t["kind"], t["kind"]),
            "label": t["label"],
            "terms": " ".join(t["terms"]),
            "count": t["count"],
            "groups": t["groups"],
            "score": t["score"],
            "examples": " / ".join(d["title"] for d in t["docs"][:3]),
        }
        for t in themes_
    ]


# --- The suggestions dump (manage.py export_suggestions) ------------------------------------

SUGGESTION_COLUMNS = [
    "id",
    "ref",
    "kind",
    "status",
    "title",
    "field",
    "group",
    "district",
    "department",
    "visibility",
    "created_at",
    "received_at",
    "due_date",
    "answered_at",
    "decision",
    "support_count",
    "rating",
    "body_text",
]


def suggestion_rows(queryset: QuerySet[Suggestion] | None = None, unmasked: bool = False) -> Iterator[list[Any]]:
    """One row per suggestion in SUGGESTION_COLUMNS order (personal data masked unless `unmasked`)."""
    qs = queryset if queryset is not None else Suggestion.objects.all()
    published = Answer.objects.filter(state=Answer.State.PUBLISHED)
    qs = (
        qs.select_related("field", "group", "department")
        .prefetch_related(
            Prefetch("answers", queryset=published, to_attr="published_answers"),
            Prefetch("ratings", queryset=Rating.objects.current().order_by("-created_at", "-id"), to_attr="current"),
        )
        .order_by("created_at", "id")
    )
    show = (lambda t: t) if unmasked else mask_pii
    for s in qs.iterator(chunk_size=500):
        answer = s.published_answers[0] if s.published_answers else None
        rating = s.current[0] if s.current else None
        yield [
            s.pk,
            s.ref or "",
            s.kind,
            s.status,
            show(s.title),
            s.field.name,
            s.group.slug,
            s.district,
            s.department.slug if s.department else "",
            s.visibility,
            s.created_at.isoformat(),
            s.received_at.isoformat() if s.received_at else "",
            s.due_date.isoformat() if s.due_date else "",
            s.answered_at.isoformat() if s.answered_at else "",
            answer.decision if answer else "",
            s.support_count,
            rating.score if rating else "",
            show(html_to_text(s.body)),
        ]


def export_suggestions_csv(out: IO[str], queryset: QuerySet[Suggestion] | None = None, unmasked: bool = False) -> int:
    return write_csv(out, SUGGESTION_COLUMNS, suggestion_rows(queryset, unmasked))
