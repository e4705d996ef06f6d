"""Topic search on the real Elasticsearch node: inflections, synonyms, facets, access, PII, escaping."""

from datetime import date

import pytest

from partners.access import ANONYMOUS
from search.client import index_name
from search.highlight import highlight
from search.models import Synonym
from search.params import ParamError, SearchParams
from search.similar import similar_to_text
from search.topics import search_suggestions
from suggestions.models import Suggestion
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


def refs(result):
    return [r["ref"] for r in result.results]


def search(principal, **kw):
    return search_suggestions(principal, SearchParams(**kw))


def test_inflected_queries_match_the_same_documents(world, search_index):
    a = world.suggestion("골목 가로등이 꺼졌어요", "가로등을 빨리 고쳐 주세요.", ref="A")
    b = world.suggestion("가로등 고장", "시장 뒤 가로등은 한 달째 고장입니다.", ref="B")
    world.suggestion("집회 소음", "확성기 소리가 너무 커요.", ref="C")
    index_all()
    # The lexical matches (sort by date: the BM25 leg alone; relevance adds semantic neighbours).
    for q in ("가로등", "가로등이", "가로등을", "가로등은요"):
        assert set(refs(search(world.principal(world.hq), q=q, sort="date"))) == {a.ref, b.ref}, q
    best = search(world.principal(world.hq), q="가로등이 고장났어요")
    assert set(refs(best)[:2]) == {"A", "B"}  # the lamp reports before the rally noise


def test_synonyms_expand_queries_and_edits_apply_at_once(world, search_index):
    world.suggestion("화장실 불법촬영 점검", "상가 화장실에 카메라가 숨겨져 있을까 걱정돼요.", ref="F")
    world.suggestion("전동킥보드 인도 질주", "인도에서 너무 빨리 달려요.", ref="K")
    world.suggestion("PM 무단 방치", "역 앞에 아무렇게나 세워져 있어요.", ref="P")
    world.suggestion("전화금융사기 예방 교육", "경로당 어르신 대상 교육을 해 주세요.", ref="V")
    world.suggestion("골목 쓰레기", "무단투기가 많아요.", ref="X")
    index_all()
    # What the synonym list adds to the lexical (BM25) matches, i.e. sorted by date.
    assert refs(search(world.principal(world.hq), q="몰카", sort="date")) == ["F"]
    assert set(refs(search(world.principal(world.hq), q="킥보드", sort="date"))) == {"K", "P"}
    assert refs(search(world.principal(world.hq), q="보이스피싱 예방", sort="date")) == ["V"]
    assert refs(search(world.principal(world.hq), q="쓰레기 투척", sort="date")) == ["X"]
    assert refs(search(world.principal(world.hq), q="투척", sort="date")) == []
    # HQ adds a synonym: effective on the next query, without reindexing.
    Synonym.objects.create(term="투척", expansions="무단투기")
    assert refs(search(world.principal(world.hq), q="투척", sort="date")) == ["X"]
    Synonym.objects.filter(term="투척").update(is_active=False)
    assert refs(search(world.principal(world.hq), q="투척", sort="date")) == []


def test_corpus_inflected_and_synonym_queries(world, search_index, dataset):
    by_ref = dataset.load(world, answers=False)
    index_all()
    texts = {ref: s.title + " " + s.body for ref, s in by_ref.items()}
    lamps = {ref for ref, text in texts.items() if "가로등" in text}
    assert len(lamps) >= 5
    found = set(refs(search(world.principal(world.hq), q="가로등", size=100)))
    assert lamps <= found
    lexical = set(refs(search(world.principal(world.hq), q="가로등", size=100, sort="date")))
    for q in ("가로등이", "가로등을", "가로등은요"):
        assert set(refs(search(world.principal(world.hq), q=q, size=100, sort="date"))) == lexical, q
    # A synonym finds the suggestions that only use the other word.
    for q, other in (("스쿨존", "어린이보호구역"), ("몰카", "불법촬영")):
        only_other = {ref for ref, text in texts.items() if other in text and q not in text}
        assert only_other, (q, other)
        assert only_other <= set(refs(search(world.principal(world.hq), q=q, size=100))), q


def test_facets_filters_sort_and_pagination(world, search_index, dataset):
    by_ref = dataset.load(world, answers=True)
    index_all()
    everything = search(world.principal(world.hq))
    assert everything.count == dataset.total
    fields = {f["key"]: f["count"] for f in everything.facets["field"]}
    assert fields == dataset.fields
    months = {m["key"]: m["count"] for m in everything.facets["month"]}
    assert sum(months.values()) == dataset.total and dataset.first_month in months and dataset.last_month in months
    assert {k["key"] for k in everything.facets["kind"]} == {"proposal", "field_report"}
    assert len(everything.facets["district"]) == 25
    answered = Suggestion.objects.filter(status=Suggestion.Status.ANSWERED).count()
    assert answered > dataset.answered_more_than
    assert sum(s["count"] for s in everything.facets["status"] if s["key"] == "answered") == answered

    traffic = search(world.principal(world.hq), field="교통")
    assert traffic.count == dataset.fields["교통"]
    # A facet's own counts ignore its own filter (so the other values stay clickable) …
    assert {f["key"]: f["count"] for f in traffic.facets["field"]} == fields
    # … but the other facets count within it.
    assert sum(k["count"] for k in traffic.facets["kind"]) == dataset.fields["교통"]

    district = by_ref[dataset.combined_ref].district
    combined = search(world.principal(world.hq), field="수사·안보", district=district, kind="field_report")
    assert combined.count >= 1 and all(r["district"] == district for r in combined.results)

    dated = search(world.principal(world.hq), date_from=date(2026, 1, 1), date_to=date(2026, 1, 31))
    assert dated.count == months["2026-01"]
    assert all(r["created"][:7] == "2026-01" or r["created"][:10] == "2025-12-31" for r in dated.results)

    page1 = search(world.principal(world.hq), sort="date", size=7, page=1)
    page2 = search(world.principal(world.hq), sort="date", size=7, page=2)
    assert len(page1.results) == 7 and page1.pages == -(-dataset.total // 7)
    assert not {r["id"] for r in page1.results} & {r["id"] for r in page2.results}
    assert page1.results[0]["ref"] == dataset.latest_ref
    Suggestion.objects.filter(pk=by_ref[dataset.support_ref].pk).update(support_count=99)
    from search.indexing import index_suggestion

    index_suggestion(by_ref[dataset.support_ref].pk, refresh=True)
    assert search(world.principal(world.hq), sort="supports").results[0]["ref"] == dataset.support_ref


def test_param_validation():
    with pytest.raises(ParamError) as exc:
        SearchParams.from_query({"date_from": "2026-13-01", "size": "500", "sort": "x"})
    assert set(exc.value.errors) == {"date_from", "size", "sort"}
    with pytest.raises(ParamError):
        SearchParams.from_query({"date_from": "2026-02-01", "date_to": "2026-01-01"})
    params = SearchParams.from_query({"q": " 가로등 ", "size": "5"})
    assert params.q == "가로등" and params.size == 5 and params.sort == "relevance"


def test_access_tokens_filter_every_query(world, search_index):
    from partners.models import Membership

    world.suggestion("공개 가로등 제안", "가로등", ref="PUB", visibility="public")
    world.suggestion("파트너스 가로등 제안", "가로등", ref="PART", visibility="partners")
    world.suggestion("경찰 전용 가로등 제안", "가로등", ref="POL", visibility="police", author=world.member)
    world.suggestion("다른 사람의 경찰 전용 가로등", "가로등", ref="POL2", visibility="police", author=world.outsider)
    index_all()

    def seen(principal):
        return set(refs(search(principal, q="가로등")))

    assert seen(ANONYMOUS) == {"PUB"}
    assert seen(world.principal(world.outsider)) == {"PUB", "POL2"}  # own police-only suggestion
    assert seen(world.principal(world.member)) == {"PUB", "PART", "POL"}
    assert seen(world.principal(world.officer_traffic)) == {"PUB", "PART", "POL", "POL2"}
    assert seen(world.principal(world.hq)) == {"PUB", "PART", "POL", "POL2"}
    # Facets, themes and similar suggestions are filtered too.
    assert sum(f["count"] for f in search(ANONYMOUS).facets["kind"]) == 1
    member = world.principal(world.member)
    assert {r["ref"] for r in similar_to_text(member, "다른 사람의 경찰 전용 가로등", "가로등")} <= {
        "PUB",
        "PART",
        "POL",
    }
    # A deactivated membership loses partners-only results at once.
    Membership.objects.filter(user=world.member).update(is_active=False)
    assert seen(world.principal(world.member)) == {"PUB", "POL"}


def test_masked_pii_is_not_findable(world, search_index, es_client, dataset):
    by_ref = dataset.load(world, answers=False)
    index_all()
    pii = by_ref[dataset.pii_ref]
    assert pii.sample.get("has_pii") is True
    assert dataset.pii_original in pii.body  # the database keeps the original for the police
    for q in dataset.pii_queries:
        assert search(world.principal(world.hq), q=q, sort="date").count == 0, q  # no lexical match
        assert pii.ref not in refs(search(world.principal(world.hq), q=q, size=100)), q  # nor a semantic one
    doc = es_client.get(index=index_name("suggestions"), id=str(pii.pk))["_source"]
    flat = str(doc)
    for fragment in dataset.pii_fragments:
        assert fragment not in flat, fragment
    assert "***-****-****" in doc["body"]
    pii.refresh_from_db()
    for fragment in dataset.pii_fragments:
        assert fragment not in str(pii.analysis), fragment
    # The rest of the text is still searchable.
    assert dataset.pii_ref in refs(search(world.principal(world.hq), q=dataset.pii_rest_query))
    # Every planted PII item is masked in the index, not just the one checked in detail.
    for ref, s in by_ref.items():
        if s.sample.get("has_pii"):
            body = es_client.get(index=index_name("suggestions"), id=str(s.pk))["_source"]["body"]
            assert "***" in body, ref


def test_highlights_escape_user_text_then_mark(world, search_index):
    world.suggestion(
        '<script>alert("x")</script> 가로등 & <b>고장</b>',
        '<img src=x onerror=alert(1)> 가로등이 "고장" 났어요 <iframe src="javascript:alert(1)"></iframe>',
        ref="H",
    )
    index_all()
    hit = search(world.principal(world.hq), q="가로등 고장").results[0]
    for html in (str(hit["title_html"]), str(hit["snippet_html"])):
        assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<b>" not in html
        assert "<mark>가로등</mark>" in html
    assert "&lt;script&gt;" in str(hit["title_html"]) and "&amp;" in str(hit["title_html"])
    # Direct unit check: markup in the text, in the terms, is escaped.
    out = str(highlight("<mark>x</mark> 가로등<", ["가로등", "<mark>"]))
    assert out == "<mark>&lt;mark&gt;</mark>x&lt;/mark&gt; <mark>가로등</mark>&lt;"
