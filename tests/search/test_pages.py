"""HQ pages: access (404 for everyone but HQ), rendering with data, exports, saved searches and
the weekly digest e-mail."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from search import digest
from search.models import SavedSearch
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

PAGES = ["/hq/", "/hq/themes/", "/hq/hotspots/", "/hq/saved/", "/hq/export.csv", "/hq/export.xlsx"]


def test_only_hq_may_enter(world, search_index, client):
    for page in PAGES:
        assert client.get(page).status_code in (302, 404), page  # anonymous
    for user in (world.member, world.officer_traffic, world.outsider):
        client.force_login(user)
        for page in PAGES:
            assert client.get(page).status_code == 404, (user, page)


def test_search_page_renders_results_facets_chart_data(world, search_index, client, dataset):
    by_ref = dataset.load(world)
    world.suggestion("<script>alert(1)</script> 가로등", "<img src=x onerror=alert(1)>가로등 고장", ref="XSS")
    index_all()
    client.force_login(world.hq)
    response = client.get("/hq/", {"q": "가로등이"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>가로등</mark>" in html
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "&lt;script&gt;" in html
    assert 'id="trend-data" type="application/json"' in html and 'data-chart="stacked-bars"' in html
    assert "범죄예방" in html and 'data-facet="district"' in html
    for tag in re.findall(r"<script[^>]*>", html):  # no inline executable script (strict CSP)
        assert "src=" in tag or 'type="application/json"' in tag, tag
    month = client.get("/hq/", {"q": "가로등이"}).content.decode()
    assert dataset.lamp_month_link in month  # month facet narrows the period
    bad = client.get("/hq/", {"date_from": "nope"})
    assert bad.status_code == 200 and "YYYY-MM-DD" in bad.content.decode()
    assert (
        "먹자골목" in by_ref[dataset.lamp_title_ref].title
        and by_ref[dataset.lamp_title_ref].district == "강북구"
        and "먹자골목" in client.get("/hq/", {"q": "가로등", "district": "강북구"}).content.decode()
    )
    themes = client.get("/hq/themes/", {"date_from": "2026-06-01", "date_to": "2026-08-31"}).content.decode()
    assert 'id="themes-list"' in themes and 'id="rising-table"' in themes and "<polyline" in themes
    themes_csv = client.get("/hq/themes/", {"date_from": "2026-06-01", "date_to": "2026-08-31", "format": "csv"})
    lines = themes_csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("구분,주제,핵심어,건수") and len(lines) >= 2
    themes_xlsx = client.get("/hq/themes/", {"format": "xlsx"})
    assert load_workbook(io.BytesIO(themes_xlsx.content)).active["A1"].value == "구분"
    hotspots = client.get("/hq/hotspots/").content.decode()
    assert 'id="map-data"' in hotspots and "data-hotspot-map" in hotspots and "강북구" in hotspots
    csv = client.get("/hq/hotspots/", {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "격자(z/x/y)" in csv.content.decode("utf-8-sig")


def test_exports_csv_and_xlsx(world, search_index, client, dataset):
    dataset.load(world, answers=False)
    world.suggestion('=HYPERLINK("http://evil") 가로등', "수식 주입 가로등", ref="FORMULA")
    index_all()
    client.force_login(world.hq)
    csv = client.get("/hq/export.csv", {"q": "가로등"})
    assert csv.status_code == 200 and "attachment" in csv["Content-Disposition"]
    text = csv.getvalue().decode("utf-8-sig")  # streamed
    lines = text.strip().splitlines()
    assert lines[0].startswith("ID,참조번호,등록일,제목")
    assert "'=HYPERLINK" in text  # never a live formula
    xlsx = client.get("/hq/export.xlsx", {"q": "가로등"})
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ID", "참조번호", "등록일", "제목")
    assert len(rows) == len(lines)
    assert client.get("/hq/export.pdf").status_code == 404
    assert client.get("/hq/export.csv", {"size": "0"}).status_code == 400


def test_saved_search_and_weekly_digest(world, search_index, client, settings):
    world.hq.email = "hq@example.org"
    world.hq.save()
    client.force_login(world.hq)
    response = client.post("/hq/saved/", {"name": "킥보드 동향", "q": "킥보드", "field": "교통"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=world.hq)
    assert saved.params == {"q": "킥보드", "field": "교통", "sort": "relevance"}
    assert "킥보드 동향" in client.get("/hq/saved/").content.decode()

    now = timezone.now()
    # Quiet weeks before, then a spike of new matches this week.
    for weeks_ago in (4, 3, 2, 1):
        world.suggestion(
            "킥보드 인도 주행",
            "인도에서 킥보드가 빨라요.",
            field="교통",
            created_at=now - timedelta(weeks=weeks_ago, days=1),
        )
    for i in range(5):
        world.suggestion(
            f"전동킥보드 사고 {i}",
            "전동킥보드가 아이를 칠 뻔했어요.",
            field="교통",
            created_at=now - timedelta(hours=5 + i),
        )
    world.suggestion("킥보드 방치", "다른 분야", field="범죄예방", created_at=now - timedelta(hours=2))
    index_all()
    SavedSearch.objects.filter(pk=saved.pk).update(last_digest_at=now - timedelta(days=2))
    saved.refresh_from_db()
    result = digest.digest_for(saved, now)
    assert result["new_count"] == 5 and result["spike"] is True

    assert digest.send_weekly_digests(now) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hq@example.org"] and "킥보드 동향" in message.subject and "급증" in message.subject
    assert "새 제안 5건" in message.body and "전동킥보드 사고" in message.body
    saved.refresh_from_db()
    assert saved.last_digest_at == now
    # Nothing new since: no mail.
    assert digest.send_weekly_digests(now + timedelta(minutes=1)) == 0

    delete = client.post(f"/hq/saved/{saved.pk}/delete/")
    assert delete.status_code == 302 and not SavedSearch.objects.exists()
    client.force_login(world.member)
    assert client.post("/hq/saved/", {"name": "x", "q": "y"}).status_code == 404


def test_pages_and_api_say_503_when_elasticsearch_is_unreachable(world, client, settings):
    from rest_framework.authtoken.models import Token

    from search.client import get_client

    real_url = settings.ELASTICSEARCH_URL
    try:
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
        get_client.cache_clear()
        client.force_login(world.hq)
        page = client.get("/hq/", {"q": "가로등"})
        assert page.status_code == 503 and "검색 서버에 연결할 수 없습니다" in page.content.decode()
        token = Token.objects.create(user=world.hq)
        api = client.get("/api/v1/search/suggestions", {"q": "가로등"}, HTTP_AUTHORIZATION=f"Token {token.key}")
        assert api.status_code == 503 and "Elasticsearch" in api.json()["detail"]
        client.force_login(world.member)
        preview = client.post("/hq/similar-preview", {"title": "가로등 고장", "body": "골목이 어두워요"})
        assert preview.status_code == 503 and preview.json()["results"] == []
    finally:
        settings.ELASTICSEARCH_URL = real_url
        get_client.cache_clear()
