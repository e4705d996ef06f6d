"""Step 7: the main pages under concurrent clients (locust, headless, bounded) on a local gunicorn,
and the SQL queries each page runs. Imported after django.setup() (bench/run.py).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from announcements.models import PolicyAnnouncementPage
from bench.harness import ROOT, RUN_DIR
from suggestions.models import Suggestion

HQ_QUERY = "가로등 고장"
WORKERS = 3  # gunicorn worker processes (gthread, 4 threads each)


def page_urls() -> dict[str, str]:
    """The measured pages by name; `_detail_ids` (not a page) feeds the locust detail task."""
    page = PolicyAnnouncementPage.objects.live().first()
    detail = Suggestion.objects.filter(visibility="public").order_by("-pk").values_list("pk", flat=True)[:50]
    return {
        "home": "/",
        "announcement": page.url if page else "/announcements/",
        "suggestion detail": reverse("suggestions:detail", args=[detail[0]]),
        "my suggestions": reverse("suggestions:mine"),
        "HQ search": f"{reverse('search:search')}?{urlencode({'q': HQ_QUERY})}",
        "public statistics": reverse("suggestions:departments"),
        "_detail_ids": ",".join(str(pk) for pk in detail),
    }


def locust_paths(urls: dict[str, str]) -> dict[str, object]:
    """The paths bench/locustfile.py requests (it has no Django to reverse them)."""
    return {
        "login": reverse("login"),
        "home": urls["home"],
        "announcement": urls["announcement"],
        "details": [reverse("suggestions:detail", args=[int(pk)]) for pk in urls["_detail_ids"].split(",")],
        "mine": urls["my suggestions"],
        "hq_search": reverse("search:search"),
        "statistics": urls["public statistics"],
    }


def prepare_pages() -> float:
    """The corpus was bulk-loaded past the services: compute the stored public statistics once
    (what the worker does after writes); returns the seconds the recompute took."""
    from suggestions import public_stats

    started = time.perf_counter()
    public_stats.refresh(force=True)
    return round(time.perf_counter() - started, 2)


def query_counts(urls: dict[str, str]) -> dict[str, int]:
    """SQL queries per page on a warm second request (a non-200 answer is reported as -status)."""
    users = get_user_model().objects
    out = {}
    for name, url in urls.items():
        if name.startswith("_"):
            continue
        client = Client()
        if name != "public statistics":  # the anonymous page
            client.force_login(users.get(username="hq" if name == "HQ search" else "partner_member"))
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        out[name] = len(ctx.captured_queries) if response.status_code == 200 else -response.status_code
    return out


@contextlib.contextmanager
def gunicorn(port: int, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(WORKERS),
         "--threads", "4", "-k", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{reverse('login')}", timeout=2)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield server  # the master process (bench/measure_load.py reads its workers' memory)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: workers still draining keep-alive clients
            server.kill()
            server.wait()


def _stats(prefix: str) -> dict[str, dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"] or 0),
            "p95_ms": float(row["95%"] or 0),
            "p99_ms": float(row["99%"] or 0),
            "rps": float(row["Requests/s"] or 0),
        }
        for row in rows
        if row["Name"] != "login"
    }


def measure_pages(base_url: str, seconds: int, users: int, urls: dict[str, str]) -> dict:
    """Locust's closed loop against a running, warm server (bench/measure_load.py's measure_all:
    every worker has loaded the models by then, so the figures are not the first searches' load)."""
    prefix = str(RUN_DIR / "bench-locust")  # git-ignored; the figures go into the JSON
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_PATHS": json.dumps(locust_paths(urls))}
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
         "-u", str(users), "-r", "10", "-t", f"{seconds}s", "--host", base_url,
         "--csv", prefix, "--only-summary", "--stop-timeout", "5"],
        cwd=ROOT, env=env, check=False, timeout=seconds + 90, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return {"users": users, "seconds": seconds, "pages": _stats(prefix)}
