"""Hybrid ranking (BM25 + kNN, RRF, feedback) against the real Elasticsearch node."""

import itertools

import pytest

from search import embeddings, hybrid
from search.client import get_client, index_name
from search.params import SearchParams
from search.query import access_filter
from search.topics import search_suggestions
from suggestions.models import Suggestion
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

DOCS = [
    ("킥보드 인도 주행", "전동킥보드가 인도로 빠르게 달려서 아이들이 다칠 뻔했습니다.", "교통"),
    ("개인형이동장치 보도 통행 단속", "보도에서 개인형이동장치를 타는 사람이 많아 보행자가 불안합니다.", "교통"),
    ("검찰 사칭 전화", "검찰이라며 계좌 이체를 요구하는 전화를 받았습니다. 보이스피싱 같습니다.", "범죄예방"),
    ("골목 가로등 고장", "수유역 뒤 골목 가로등이 한 달째 꺼져 밤에 다니기 무섭습니다.", "범죄예방"),
    ("어린이보호구역 과속", "초등학교 앞 어린이보호구역에서 차들이 과속합니다.", "교통"),
]


@pytest.fixture
def corpus(world, search_index):
    rows = [world.suggestion(t, f"<p>{b}</p>", field=f) for t, b, f in DOCS]
    index_all()
    return rows


def test_knn_with_a_filter_on_the_core_node(corpus):
    client, alias = get_client(), index_name("suggestions")
    mapping = next(iter(client.indices.get_mapping(index=alias).values()))["mappings"]
    assert mapping["properties"]["embedding"]["type"] == "dense_vector"
    assert mapping["properties"]["embedding"]["index_options"]["type"] == "int8_hnsw"
    vector = embeddings.embed_query("전동 킥보드가 보도를 달려요")
    body = hybrid.knn_body(vector, [{"term": {"field": "교통"}}], 10)
    hits = client.search(index=alias, **body)["hits"]["hits"]
    ids = [int(h["_id"]) for h in hits]
    assert ids and set(ids) <= {s.pk for s in corpus if s.field.name == "교통"}
    assert ids[0] in {corpus[0].pk, corpus[1].pk}  # the kick-scooter reports, not the school zone
    assert "embedding" not in hits[0].get("_source", {})  # vectors stay out of _source


def test_dense_leg_finds_a_paraphrase_bm25_misses(corpus):
    client, alias = get_client(), index_name("suggestions")
    q = "돈 보내라는 수상한 통화"  # no word in common with the phishing report
    filters = [{"terms": {"access": ["public"]}}]
    bm25_only = hybrid.ranked_ids(client, alias, q, filters, dense=False, feedback=False)
    assert str(corpus[2].pk) not in [i for i, _ in bm25_only]
    fused = hybrid.ranked_ids(client, alias, q, filters)
    assert fused[0][0] == str(corpus[2].pk)
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(fused))  # best first


def test_rrf_fuses_by_rank():
    fused = hybrid.rrf([["a", "b", "c"], ["b", "d"]])
    assert [d for d, _ in fused][:2] == ["b", "a"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


def test_feedback_terms_come_from_the_top_documents(corpus):
    client, alias = get_client(), index_name("suggestions")
    ids = [str(corpus[0].pk), str(corpus[1].pk)]
    terms = dict(hybrid.feedback_terms(client, alias, ids, [1.0, 1.0], {"킥보드"}))
    assert "킥보드" not in terms and max(terms.values()) == 1.0
    assert terms.keys() & {"전동킥보드", "보도", "인도", "개인형이동장치", "보행자"}


def test_police_only_and_private_never_come_back_through_the_knn_leg(world, search_index):
    secret = world.suggestion(
        "경찰 전용 보이스피싱 수거책 첩보",
        "<p>검찰 사칭 보이스피싱 조직의 현금 수거책이 역 앞에서 활동합니다.</p>",
        visibility=Suggestion.Visibility.POLICE,
    )
    world.suggestion("공원 벤치 파손", "<p>공원 벤치가 부서졌습니다.</p>")
    index_all()
    q = "검찰 사칭 보이스피싱 현금 수거책"
    member = world.principal(world.member)
    client, alias = get_client(), index_name("suggestions")
    dense = hybrid.ranked_ids(client, alias, q, [access_filter(member)], bm25=False)
    assert str(secret.pk) not in [i for i, _ in dense]
    assert secret.pk not in [r["id"] for r in search_suggestions(member, SearchParams(q=q)).results]
    hq = world.principal(world.hq)
    assert search_suggestions(hq, SearchParams(q=q)).results[0]["id"] == secret.pk


def test_hq_search_count_is_the_union_of_the_legs(corpus, world):
    hq = world.principal(world.hq)
    result = search_suggestions(hq, SearchParams(q="돈 보내라는 수상한 통화"))
    assert result.results and result.results[0]["id"] == corpus[2].pk
    assert result.count >= len(result.results)
    by_date = search_suggestions(hq, SearchParams(q="돈 보내라는 수상한 통화", sort="date"))
    assert by_date.count <= result.count  # date order: the BM25 matches only
