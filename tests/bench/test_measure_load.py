"""The pure parts of bench/measure_load.py: the open-loop schedule, the latency summary, the
paths per page, and the trivial view bench/urls.py adds (called directly: the test settings do not
use the bench URLconf)."""

from __future__ import annotations

import json
import math
from collections import Counter

from django.test import RequestFactory

from bench.measure_load import MIX, page_path, schedule, summarize
from bench.urls import loaded, trivial

PATHS = {
    "login": "/accounts/login/",
    "home": "/",
    "announcement": "/announcements/a/",
    "details": ["/suggestions/3/", "/suggestions/2/"],
    "mine": "/suggestions/mine/",
    "hq_search": "/hq/",
    "statistics": "/suggestions/departments/",
}


def test_schedule_is_fixed_rate_and_follows_the_mix():
    plan = schedule(rate=100, seconds=30, seed=1)
    assert len(plan) == 3000
    assert [offset for offset, _, _ in plan[:3]] == [0.0, 0.01, 0.02]
    assert plan[-1][0] == 29.99  # every 1/rate s, whatever the answers
    assert plan == schedule(rate=100, seconds=30, seed=1)
    share = Counter(role for _, role, _ in plan)
    assert 0.6 < share["partner"] / 3000 < 0.73  # the locustfile's weights: partner 4, hq 1, anonymous 1
    assert 0.12 < share["hq"] / 3000 < 0.22 and 0.12 < share["anonymous"] / 3000 < 0.22
    assert {page for _, _, page in plan} == {page for _, page, _ in MIX}


def test_summarize_percentiles_errors_and_rate():
    latencies = [float(ms) for ms in range(1, 101)]  # 1..100 ms
    s = summarize(latencies, errors=3, seconds=10)
    assert s["requests"] == 100 and s["errors"] == 3 and s["rps"] == 10.0
    assert s["p50_ms"] == 50.5 and s["p95_ms"] == 95.0 and s["p99_ms"] == 99.0 and s["max_ms"] == 100.0
    empty = summarize([], errors=0, seconds=10)
    assert empty["requests"] == 0 and empty["rps"] == 0.0 and math.isnan(empty["p50_ms"])


def test_page_paths_cycle_details_and_queries():
    assert page_path("suggestion detail", PATHS, 0) == "/suggestions/3/"
    assert page_path("suggestion detail", PATHS, 3) == "/suggestions/2/"
    assert page_path("HQ search", PATHS, 0).startswith("/hq/?q=%EA%B0%80")
    assert page_path("HQ search", PATHS, 0) != page_path("HQ search", PATHS, 1)
    assert page_path("home (anonymous)", PATHS, 0) == "/"
    assert page_path("my suggestions", PATHS, 0) == "/suggestions/mine/"
    assert page_path("public statistics", PATHS, 0) == "/suggestions/departments/"
    assert page_path("announcement", PATHS, 0) == "/announcements/a/"


def test_trivial_and_loaded_views():
    request = RequestFactory().get("/bench/trivial/")
    response = trivial(request)
    assert response.status_code == 200 and response.content == b"ok"
    response = loaded(RequestFactory().get("/bench/loaded/"))
    assert response.status_code == 200 and set(json.loads(response.content)) == {"pid", "embedding_model", "kiwi"}
