"""Step 6: filing → searchable lag through a real Celery worker (the command line tests and the
Procfile use, config.worker). Imported after django.setup() (bench/run.py).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from bench.harness import ROOT, RUN_DIR, pct
from config.celery_app import app
from config.queues import all_queues
from config.worker import worker_argv, worker_env
from partners.models import Field
from search import client as search_client
from search.indices import SUGGESTIONS
from suggestions import services

WARM_UP_FILINGS = 2  # the first filings warm the worker (kiwi model load)


def start_worker(log_path: Path) -> subprocess.Popen:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_bytes(b"")  # readiness is read from this log: no stale "ready"
    proc = subprocess.Popen(
        worker_argv(queue=all_queues(settings.CELERY_TASK_DEFAULT_QUEUE), name=f"bench-{os.getpid()}@%h"),
        cwd=ROOT,
        env=worker_env(settings_module="bench.settings"),
        stdout=log_path.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while b"ready" not in log_path.read_bytes():
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError(f"celery worker did not start, see {log_path}")
        time.sleep(0.2)
    return proc


def _searchable(suggestion_id: int) -> bool:
    found = search_client.get_client().count(
        index=search_client.index_name(SUGGESTIONS), query={"ids": {"values": [str(suggestion_id)]}}
    )
    return found["count"] > 0


def measure_lag(n: int) -> dict:
    with app.connection_for_write() as conn:
        for queue in all_queues(app.conf.task_default_queue):
            conn.default_channel.queue_purge(queue)
    worker = start_worker(RUN_DIR / "bench-worker.log")
    author = get_user_model().objects.get(username="partner_member")
    field = Field.objects.get(name="교통")
    lags: list[float] = []
    try:
        for i in range(n + WARM_UP_FILINGS):
            t0 = time.perf_counter()
            s = services.file_suggestion(
                author, kind="field_report", title=f"벤치마크 신호 고장 제보 {i}",
                body="<p>보행 신호가 꺼져 있어요.</p>",
                field=field, district="강북구", address="수유역 사거리", visibility="public",
            )  # fmt: skip
            deadline = time.monotonic() + 60
            while not _searchable(s.pk):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"suggestion {s.pk} not searchable after 60 s")
                time.sleep(0.01)
            if i >= WARM_UP_FILINGS:
                lags.append(time.perf_counter() - t0)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return {"filings": len(lags), "p50_s": pct(lags, 50), "p95_s": pct(lags, 95), "max_s": max(lags)}
