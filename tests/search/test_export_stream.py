"""HQ exports hold every match: more than Elasticsearch's 10,000-hit result window, streamed (CSV)
or written row by row (XLSX), in the page's sort order, each suggestion exactly once."""

import io

import pytest
from openpyxl import load_workbook

from search.indexing import bulk_index_suggestions
from search.params import MAX_WINDOW
from suggestions.models import Suggestion
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

MATCHES = MAX_WINDOW + 57


def _corpus(world) -> set[int]:
    """MATCHES public 가로등 suggestions (one analysed, the rest sharing its text and analysis so the
    bulk load needs no morphology), plus one that does not match."""
    first = world.suggestion("가로등 고장 신고", "골목 가로등이 꺼졌습니다.", field="범죄예방")
    index_all()  # analyses `first`
    first.refresh_from_db()
    copies = [
        Suggestion(
            title=first.title,
            body=first.body,
            field_id=first.field_id,
            group_id=first.group_id,
            department_id=first.department_id,
            visibility=first.visibility,
            kind=first.kind,
            status=first.status,
            analysis=first.analysis,
            created_at=first.created_at,
        )
        for _ in range(MATCHES - 1)
    ]
    Suggestion.objects.bulk_create(copies, batch_size=2000)
    world.suggestion("킥보드 방치", "인도에 킥보드가 있어요.", field="교통")
    bulk_index_suggestions()
    from search.client import get_client, index_name

    get_client().indices.refresh(index=index_name("suggestions"))
    return set(Suggestion.objects.filter(title=first.title).values_list("pk", flat=True))


def test_exports_are_not_capped_at_the_result_window(world, search_index, client):
    expected = _corpus(world)
    assert len(expected) == MATCHES
    client.force_login(world.hq)

    response = client.get("/hq/export.csv", {"q": "가로등", "sort": "date"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    lines = response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("ID,참조번호,등록일,제목")
    ids = [int(line.split(",", 1)[0]) for line in lines[1:]]
    assert len(ids) == MATCHES and set(ids) == expected  # all of them, each once, nothing else
    assert ids == sorted(ids, reverse=True)  # sort=date: same created_at, then id descending
    assert response.streaming  # written as it is read, not built in memory first

    xlsx = client.get("/hq/export.xlsx", {"q": "가로등"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.getvalue()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ID", "참조번호", "등록일", "제목")
    assert {int(r[0]) for r in rows[1:]} == expected and len(rows) == MATCHES + 1
