"""The spreadsheet-formula guard every CSV/XLSX export uses (search.export, the audit-log export):
a cell that starts like a formula gets a leading ' so a spreadsheet never evaluates it."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """Spreadsheet-safe cell: text starting with = + - @ tab CR gets a leading ' so it is never a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def write_csv(out: IO[str], header: list[str], rows: Iterable[list[Any]]) -> int:
    """Guarded CSV rows into `out`; returns how many rows were written."""
    writer = csv.writer(out)
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        n += 1
    return n
