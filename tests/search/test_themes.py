"""Themes as clusters of proposals (labels, kinds, HQ decisions that survive re-clustering, the
API's shape) against the real Elasticsearch node and PostgreSQL; trends and hotspots."""

from datetime import date, timedelta

import numpy as np
import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from core.models import AuditLog
from search import clustering, theme_decisions
from search import theme_labels as labels
from search.export import HOTSPOT_COLUMNS, hotspot_rows, rows_to_csv
from search.hotspots import hotspots
from search.params import ParamError, SearchParams
from search.themes import compute, themes
from search.topics import trends
from suggestions.districts import SEOUL_DISTRICTS
from suggestions.timebands import hours as parse_time_band
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db

# Everyday concerns all year, each worded three ways (paraphrases, places and filler words inside).
BACKGROUND = [
    [
        ("골목 가로등 고장", "역삼동 골목 가로등이 꺼져서 밤에 어두워요. 가로등 수리를 요청합니다."),
        ("가로등 꺼진 골목길", "강남구 뒷골목 가로등이 한 달째 고장이에요. 어두운 골목이 무섭습니다."),
        ("어두운 골목 가로등 교체", "주민들이 밤마다 어두운 골목 가로등 때문에 불안해요. 가로등 교체 부탁드립니다."),
    ],
    [
        ("집회 확성기 소음", "주말 집회 확성기 소음이 너무 커서 잠을 못 자요. 소음 기준 단속 건의합니다."),
        ("집회 소음 측정 요청", "광화문 집회 소음이 심합니다. 확성기 소음 측정을 해 주세요."),
        ("주택가 집회 소음 피해", "주택가 앞 집회 확성기 소리가 아침부터 커요. 소음 대응 부탁드려요."),
    ],
    [
        ("현관 택배 분실", "현관 앞에 둔 택배 상자가 자꾸 없어져요. 택배 도난 대책이 필요합니다."),
        ("택배 도난 계속", "아파트 복도 택배가 또 사라졌어요. 택배 절도범을 잡아 주세요."),
        ("택배 보관함 설치 건의", "택배 분실이 잦아 무인 택배 보관함 설치를 건의합니다."),
    ],
]
PLANTED = [  # 딥페이크 only in the last period, filed by two groups
    (
        "딥페이크 합성 사진 피해",
        "학생 사진으로 딥페이크 합성 영상을 만들어 단톡방에 퍼뜨렸어요. 마포구 중학교 일대입니다.",
    ),
    ("딥페이크 성범죄 예방 교육", "중학교에서 딥페이크 합성 성범죄 예방 교육을 해 주세요. 요청합니다."),
    ("SNS 딥페이크 합성물 신고", "딥페이크 합성 영상을 어디에 신고하는지 몰라요. 대응 계획을 알려 주세요."),
]
BURST = [  # also only in the last period, as many, but from one group only
    ("전동킥보드 인도 주행", "전동킥보드가 인도로 빠르게 달려서 아이들이 위험해요. 전동킥보드 단속 요청합니다."),
    ("전동킥보드 2인 탑승", "전동킥보드에 두 명이 타고 헬멧 없이 달려요. 전동킥보드 안전 단속해 주세요."),
    ("전동킥보드 방치 주차", "전동킥보드가 보도에 아무렇게나 세워져 있어요. 전동킥보드 주차 구역이 필요합니다."),
]
PERIOD = SearchParams(date_from=date(2026, 7, 1), date_to=date(2026, 8, 31))


def plant(world, start: date, days: int, every: int, rows, groups) -> list:
    made = []
    for n, i in enumerate(range(0, days, every)):
        title, body = rows[n % len(rows)]
        made.append(
            world.suggestion(
                title, body, created=(start + timedelta(days=i)).isoformat(), group=groups[n % len(groups)]
            )
        )
    return made


@pytest.fixture
def corpus(world, search_index):
    cache.clear()
    both = [world.group, world.other_group]
    made = {}
    for n, rows in enumerate(BACKGROUND):  # Jan–Aug: every topic every month
        made[f"bg{n}"] = plant(world, date(2026, 1, 1 + n), 240, 8, rows, both)
    made["deepfake"] = plant(world, date(2026, 7, 2), 60, 6, PLANTED, both)
    made["kickboard"] = plant(world, date(2026, 7, 3), 60, 6, BURST, [world.group])
    index_all()
    return made


def _by_member(data: dict, suggestion) -> dict:
    return next(t for t in data["themes"] if suggestion.pk in {m["id"] for m in t["members"]})


def test_themes_are_clusters_with_clean_labels_and_honest_kinds(world, corpus):
    data = themes(world.principal(world.hq), PERIOD, size=20)
    deepfake = _by_member(data, corpus["deepfake"][0])
    assert {m["id"] for m in deepfake["members"]} == {s.pk for s in corpus["deepfake"]}
    assert "딥페이크" in deepfake["label"] and 2 <= len(deepfake["label"].split()) <= 4
    assert deepfake["kind"] == "rising" and deepfake["groups"] == 2
    assert data["rising"][0]["key"] == deepfake["key"]
    # A burst of the same size from a single group is not a trend.
    kickboard = _by_member(data, corpus["kickboard"][0])
    assert "전동킥보드" in kickboard["label"] and kickboard["groups"] == 1
    assert kickboard["kind"] != "rising" and kickboard["key"] not in {t["key"] for t in data["rising"]}
    # Year-round topics are recurring (present in every month of the period), not missing.
    lamps = _by_member(data, corpus["bg0"][-1])
    assert lamps["kind"] == "recurring" and "가로등" in lamps["label"]
    assert all(m["count"] > 0 for m in lamps["months"])
    # Labels: never a district, a place, a group's name or a generic word.
    group_names = {g.name for g in world.groups.values()}
    noise = set(SEOUL_DISTRICTS) | {"역삼동", "광화문", "마포구"} | labels.GENERIC | group_names
    for t in data["themes"]:
        words = t["label"].split()
        assert words and not set(words) & noise, t["label"]
        assert not any(labels.is_noise(w, labels.group_terms()) for w in words), t["label"]
    assert data["themes"][0]["score"] >= data["themes"][-1]["score"]


def test_label_rules():
    groups = labels.group_terms(["송파 모범운전자회", "강북구 수유동 자율방범대"])
    for word in [
        "강남구",
        "강남",
        "역삼동",
        "잠실역",
        "망원시장",
        "모범운전자회",
        "자율방범대",
        "요청",
        "일대",
        "계획",
    ]:
        assert labels.is_noise(word, groups), word
    for word in ["보이스피싱", "수거책", "가로등", "전동킥보드", "운전자"]:
        assert not labels.is_noise(word, groups), word
    docs = [["어린이보호구역", "어린이", "보호", "구역", "과속", "카메라"]] * 3 + [["어린이", "과속"]]
    terms = [t for t, _, _ in labels.significant_terms(docs, {}, 100, lambda t: not labels.is_noise(t))]
    assert set(terms[:2]) == {"어린이보호구역", "과속"} and "보호" not in terms and "구역" not in terms
    assert labels.label_phrase(terms, docs) == "어린이보호구역 과속 카메라"  # compounds whole, in text order


def test_hq_decisions_survive_reclustering(world, corpus):
    hq, principal = world.hq, world.principal(world.hq)
    data = compute(principal, PERIOD)
    deepfake = next(t for t in data["themes"] if corpus["deepfake"][0].pk in {d["id"] for d in t["docs"]})
    lamps = next(t for t in data["themes"] if corpus["bg0"][-1].pk in {d["id"] for d in t["docs"]})
    noise = next(t for t in data["themes"] if corpus["bg1"][-1].pk in {d["id"] for d in t["docs"]})
    parcels = next(t for t in data["themes"] if corpus["bg2"][-1].pk in {d["id"] for d in t["docs"]})
    ids = {t["key"]: [d["id"] for d in t["docs"]] for t in (deepfake, lamps, noise, parcels)}
    theme_decisions.rename_theme(hq, principal, deepfake["key"], ids[deepfake["key"]], "딥페이크 성범죄")
    theme_decisions.merge_themes(hq, principal, noise["key"], ids[noise["key"]], lamps["key"], ids[lamps["key"]])
    theme_decisions.set_theme_hidden(hq, principal, parcels["key"], ids[parcels["key"]], True)
    moved = ids[deepfake["key"]][:2]
    split = theme_decisions.split_theme(
        hq, principal, deepfake["key"], ids[deepfake["key"]], moved, "딥페이크 신고 방법"
    )
    assert AuditLog.objects.filter(action__startswith="search.theme.").count() == 4

    # New proposals arrive: the watermark changes, so the selection is clustered afresh.
    more = plant(world, date(2026, 8, 20), 10, 3, PLANTED, [world.other_group])
    more += plant(world, date(2026, 8, 21), 10, 3, BACKGROUND[1], [world.group])
    index_all()
    again = themes(principal, PERIOD, size=50)
    keys = {t["key"]: t for t in again["themes"]}
    renamed = keys[deepfake["key"]]
    assert renamed["label"] == "딥페이크 성범죄" and more[0].pk in {m["id"] for m in renamed["members"]}
    assert not {m["id"] for m in renamed["members"]} & set(moved)
    assert {m["id"] for m in keys[split.key]["members"]} == set(moved) and keys[split.key][
        "label"
    ] == "딥페이크 신고 방법"
    merged = {m["id"] for m in keys[lamps["key"]]["members"]}
    assert set(ids[noise["key"]]) | set(ids[lamps["key"]]) <= merged and more[-1].pk in merged
    assert noise["key"] not in keys and parcels["key"] not in keys  # merged away / hidden
    hidden = next(t for t in compute(principal, PERIOD)["themes"] if t["key"] == parcels["key"])
    assert hidden["hidden"]


def test_themes_api_shape(world, corpus, client):
    token = Token.objects.create(user=world.hq)
    response = client.get(
        "/api/v1/search/themes",
        {"date_from": "2026-07-01", "date_to": "2026-08-31", "size": 10},
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200
    data = response.json()
    assert {"themes", "rising"} <= set(data) and 1 <= len(data["themes"]) <= 10
    for t in data["themes"] + data["rising"]:
        assert set(t) == {"key", "label", "terms", "kind", "count", "groups", "members", "months", "score"}
        assert t["kind"] in {"recurring", "rising", "new"} and t["count"] == len(t["members"])
        assert all(set(m) == {"id", "ref"} for m in t["members"])
        assert [m["month"] for m in t["months"]] == ["2026-07", "2026-08"]
        assert sum(m["count"] for m in t["months"]) == t["count"]
    assert [t["key"] for t in data["rising"]] and all(t["kind"] == "rising" for t in data["rising"])
    again = client.get(
        "/api/v1/search/themes",
        {"date_from": "2026-07-01", "date_to": "2026-08-31", "size": 10},
        HTTP_AUTHORIZATION=f"Token {token.key}",
    ).json()
    assert [t["key"] for t in again["themes"]] == [t["key"] for t in data["themes"]]  # stable keys
    officer = Token.objects.create(user=world.officer_traffic)
    denied = client.get("/api/v1/search/themes", HTTP_AUTHORIZATION=f"Token {officer.key}")
    assert denied.status_code in {403, 404}


def test_theme_pages_and_decision_forms(world, corpus, client):
    client.force_login(world.hq)
    query = "?date_from=2026-07-01&date_to=2026-08-31"
    page = client.get(f"/hq/themes/{query}").content.decode()
    assert 'id="themes-list"' in page and "<svg" in page and "<polyline" in page and "딥페이크" in page
    key = _by_member(themes(world.principal(world.hq), PERIOD, 20), corpus["deepfake"][0])["key"]
    detail = client.get(f"/hq/themes/{key}/{query}")
    assert detail.status_code == 200 and 'id="merge-form"' in detail.content.decode()
    bad = client.post(f"/hq/themes/{key}/{query}", {"action": "rename", "label": "  "}, follow=True)
    assert "주제 이름을 적어 주세요" in bad.content.decode()
    client.post(f"/hq/themes/{key}/{query}", {"action": "rename", "label": "딥페이크 합성물"})
    assert "딥페이크 합성물" in client.get(f"/hq/themes/{query}").content.decode()
    assert client.get(f"/hq/themes/no-such-key/{query}").status_code == 404
    client.force_login(world.member)
    assert client.get(f"/hq/themes/{key}/{query}").status_code == 404


def test_trends_split_by_field_per_month_and_week(world, search_index, dataset):
    dataset.load(world, answers=False)
    index_all()
    monthly = trends(world.principal(world.hq), SearchParams(), "month")
    assert monthly["buckets"][0]["key"] == f"{dataset.first_month}-01"
    assert monthly["buckets"][-1]["key"] == f"{dataset.last_month}-01"
    assert sum(b["total"] for b in monthly["buckets"]) == dataset.total
    assert set(monthly["fields"]) == {"교통", "아동·여성", "범죄예방", "수사·안보", "집회·시위"}
    assert all(sum(b["by_field"].values()) == b["total"] for b in monthly["buckets"])
    weekly = trends(world.principal(world.hq), SearchParams(field="교통"), "week")
    assert sum(b["total"] for b in weekly["buckets"]) == dataset.fields["교통"] and len(weekly["buckets"]) > 40
    with pytest.raises(ParamError):
        trends(world.principal(world.hq), SearchParams(), "day")


def test_hotspots_grid_hours_and_csv(world, search_index, dataset):
    by_ref = dataset.load(world, answers=False)
    index_all()
    reports = [s for s in by_ref.values() if s.kind == "field_report"]
    data = hotspots(world.principal(world.hq), SearchParams())
    assert data["total"] == len(reports)
    assert sum(c["count"] for c in data["cells"]) == len(reports)
    for cell in data["cells"]:
        assert cell["south"] <= cell["lat"] <= cell["north"] and cell["west"] <= cell["lon"] <= cell["east"]
        assert cell["district"]
    # A 20:00-22:00 report (S001, T001) → hours 20 and 21 counted.
    hours = {h["hour"]: h["count"] for h in data["hours"]}
    expected_20 = sum(1 for s in reports if 20 in parse_time_band(s.time_band)[1])
    assert hours[20] == expected_20 > 0
    assert len(data["hours"]) == 24
    at_20 = hotspots(world.principal(world.hq), SearchParams(), hour=20)
    assert at_20["total"] == expected_20 == sum(c["count"] for c in at_20["cells"])
    assert at_20["hours"] == data["hours"]  # the histogram stays whole
    csv_bytes = rows_to_csv(hotspot_rows(data), HOTSPOT_COLUMNS)
    text = csv_bytes.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("격자(z/x/y),자치구,건수")
    assert len(text.strip().splitlines()) == len(data["cells"]) + 1


def test_parse_time_band():
    assert parse_time_band("22:00-01:00") == (22, [22, 23, 0])
    assert parse_time_band("20:00-22:00") == (20, [20, 21])
    assert parse_time_band("07:30-08:30") == (7, [7, 8])
    assert parse_time_band("") == (None, [])
    assert parse_time_band("nonsense") == (None, [])


def _pool(themes: int, per_theme: int, shared: float, seed: int = 0) -> tuple[list, list[set[int]]]:
    """Synthetic proposals: `themes` concerns of `per_theme` items each around their own direction,
    all leaning by `shared` on one common direction (a pool worded alike lifts every similarity)."""
    rng = np.random.default_rng(seed)
    common, centres = rng.normal(size=64), rng.normal(size=(themes, 64))
    items, truth = [], []
    for t in range(themes):
        ids = set(range(len(items), len(items) + per_theme))
        for i in sorted(ids):
            vector = shared * common / np.linalg.norm(common) + centres[t] / np.linalg.norm(centres[t])
            items.append(clustering.Item(i, vector + 0.9 * rng.normal(size=64) / 8.0))
        truth.append(ids)
    return items, truth


def test_clustering_cut_follows_the_pool_not_a_fixed_similarity():
    for themes_, per_theme, shared in [(6, 8, 0.3), (6, 40, 0.3), (12, 8, 1.5), (12, 40, 1.5)]:
        items, truth = _pool(themes_, per_theme, shared)
        found = {frozenset(c) for c in clustering.cluster(items)}
        assert found == {frozenset(t) for t in truth}, (themes_, per_theme, shared)
    # A pool worded alike: the old fixed cut (mean similarity 0.2) merges every concern into one.
    items, _ = _pool(12, 40, 1.5)
    assert len(clustering.cluster(items, min_similarity=0.2)) == 1
    # A few large themes do not lift the cut (robust statistics of the unrelated pairs).
    similarity = np.array([0.1] * 90 + [0.9] * 10)
    assert clustering.cut_similarity(1.0 - similarity) == pytest.approx(0.1)
