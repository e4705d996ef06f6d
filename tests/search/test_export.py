"""Every export goes through search.export's spreadsheet-formula guard, including
`manage.py export_suggestions`."""

import csv
import io

import pytest
from django.core.management import call_command

from search.export import SUGGESTION_COLUMNS, cell, rows_to_csv

pytestmark = pytest.mark.django_db

FORMULAS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR")


def test_cells_that_a_spreadsheet_would_run_get_a_leading_quote():
    for value in FORMULAS:
        assert cell(value) == "'" + value
    assert cell("가로등 고장") == "가로등 고장" and cell(12) == 12 and cell(None) == ""
    out = rows_to_csv([{"t": "=1+1"}], [("t", "제목")]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(out))) == [["제목"], ["'=1+1"]]


def test_export_suggestions_command_is_guarded_and_keeps_its_columns(world):
    hostile = world.suggestion('=HYPERLINK("http://evil","클릭")', "<p>@SUM(A1) 가로등이 꺼졌어요 010-1234-5678</p>")
    out = io.StringIO()
    call_command("export_suggestions", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == SUGGESTION_COLUMNS
    row = next(r for r in rows if r["id"] == str(hostile.pk))
    assert row["title"].startswith("'=HYPERLINK")
    assert row["body_text"].startswith("'@SUM(A1)") and "010-1234-5678" not in row["body_text"]
    unmasked = io.StringIO()
    call_command("export_suggestions", "--unmasked", stdout=unmasked)
    assert "010-1234-5678" in unmasked.getvalue()
