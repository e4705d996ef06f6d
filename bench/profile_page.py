"""The slowest page, taken apart: one signed-in request at a time in this process (Django's test
client, the bench settings), every Elasticsearch round trip with its own `took`, and the functions
that cost the most (cProfile). What issue 15 asks the closing note to show."""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from typing import Any

import elastic_transport
from django.contrib.auth import get_user_model
from django.test import Client

from bench.harness import percentiles


def _took(body: Any) -> Any:
    if isinstance(body, dict) and "responses" in body:
        return [r.get("took") for r in body["responses"]]
    return body.get("took") if isinstance(body, dict) else None


def profile_page(path: str, username: str, queries: list[str], rounds: int = 3) -> dict:
    """`path` requested with each of `queries` as q, `rounds` times, after one warm-up request each."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for q in queries:
        client.get(path, {"q": q})
    calls: list[dict[str, Any]] = []
    original = elastic_transport.Transport.perform_request

    def timed(self, method, target, **kwargs):
        started = time.perf_counter()
        response = original(self, method, target, **kwargs)
        calls.append(
            {
                "call": f"{method} {target.split('?')[0]}",
                "ms": (time.perf_counter() - started) * 1000,
                "took": _took(getattr(response, "body", None)),
            }
        )
        return response

    profiler = cProfile.Profile()
    page_ms: list[float] = []
    elastic_transport.Transport.perform_request = timed  # type: ignore[method-assign]
    try:
        for _ in range(rounds):
            for q in queries:
                started = time.perf_counter()
                profiler.enable()
                response = client.get(path, {"q": q})
                profiler.disable()
                page_ms.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
    finally:
        elastic_transport.Transport.perform_request = original  # type: ignore[method-assign]
    requests = len(page_ms)
    by_call: dict[str, dict[str, Any]] = {}
    for c in calls:
        entry = by_call.setdefault(c["call"], {"per_page": 0.0, "ms": []})
        entry["per_page"] += 1 / requests
        entry["ms"].append(c["ms"])
    es_ms_per_page = sum(c["ms"] for c in calls) / requests
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    return {
        "path": path,
        "requests": requests,
        "page_ms": percentiles(page_ms, 50, 95),
        "es_ms_per_page": round(es_ms_per_page, 1),
        "python_ms_per_page": round(sum(page_ms) / requests - es_ms_per_page, 1),
        "es_calls": {
            k: {"per_page": round(v["per_page"], 2), "p50_ms": round(percentiles(v["ms"], 50)["p50"], 1)}
            for k, v in by_call.items()
        },
        "profile_top": out.getvalue().splitlines()[:60],
    }
