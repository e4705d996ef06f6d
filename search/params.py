"""Search parameters as they arrive in a URL (or a saved search): parsing and validation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

MAX_SIZE = 100
MAX_WINDOW = 10_000  # Elasticsearch's max_result_window
FACETS = ("field", "kind", "status", "department", "group", "district", "station")
SORTS = ("relevance", "date", "supports")


class ParamError(ValueError):
    """Bad search parameters; `errors` maps parameter → message (shown as a 400)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _parse_date(value: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = _("YYYY-MM-DD 형식의 날짜여야 합니다 (expected YYYY-MM-DD).")
        return None


def _parse_int(value: Any, name: str, default: int, lo: int, hi: int, errors: dict[str, str]) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = _("정수여야 합니다 (expected an integer).")
        return default
    if not lo <= number <= hi:
        errors[name] = _("%(lo)s–%(hi)s 범위여야 합니다 (must be between %(lo)s and %(hi)s).") % {"lo": lo, "hi": hi}
        return default
    return number


@dataclass
class SearchParams:
    q: str = ""
    field: str = ""
    kind: str = ""
    status: str = ""
    department: str = ""
    group: str = ""
    district: str = ""
    station: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    size: int = 20
    created_after: datetime | None = None  # digests only (not a URL parameter)

    @classmethod
    def from_query(cls, data: Mapping[str, Any], default_size: int = 20, max_size: int = MAX_SIZE) -> SearchParams:
        """Build from request.GET (or a dict); raises ParamError with every bad parameter."""
        errors: dict[str, str] = {}

        def get(name: str) -> str:
            value = data.get(name, "")
            return (value or "").strip()[:200] if isinstance(value, str) else str(value)

        params = cls(
            q=get("q"),
            field=get("field"),
            kind=get("kind"),
            status=get("status"),
            department=get("department"),
            group=get("group"),
            district=get("district"),
            station=get("station"),
        )
        params.date_from = _parse_date(get("date_from"), "date_from", errors)
        params.date_to = _parse_date(get("date_to"), "date_to", errors)
        if params.date_from and params.date_to and params.date_from > params.date_to:
            errors["date_to"] = _("date_to는 date_from 이후여야 합니다 (date_to is before date_from).")
        params.sort = get("sort") or ("relevance" if params.q else "date")
        if params.sort not in SORTS:
            errors["sort"] = _("%(choices)s 중 하나여야 합니다.") % {"choices": ", ".join(SORTS)}
        params.size = _parse_int(get("size"), "size", default_size, 1, max_size, errors)
        params.page = _parse_int(get("page"), "page", 1, 1, MAX_WINDOW, errors)
        if not errors and params.page * params.size > MAX_WINDOW:
            errors["page"] = _("page × size는 %(max)s 이하여야 합니다.") % {"max": MAX_WINDOW}
        if errors:
            raise ParamError(errors)
        return params

    def to_query(self) -> dict[str, str]:
        """The URL parameters (non-empty only), e.g. for links and saved searches."""
        out = {}
        for f in fields(self):
            if f.name in {"created_after", "page", "size"}:
                continue
            value = getattr(self, f.name)
            if value:
                out[f.name] = value.isoformat() if isinstance(value, date) else str(value)
        return out
