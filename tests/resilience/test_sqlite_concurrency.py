"""The embedded default (`make run` on SQLite) holds concurrent web + worker + beat writes.

A real site on a SQLite file (runserver, a Celery worker on this run's Redis, beat; all on
config.settings.local): 20 API clients file 40 suggestions at once while the worker sends their
notifications and indexes them (and beat's relay/reconcile run). Nothing may fail, nothing may be
lost, and no process may log "database is locked" — on the old settings (rollback journal, no
IMMEDIATE transactions) most filings answered 500.
"""

from __future__ import annotations

import threading
import uuid

import pytest
import requests
from django.conf import settings

from tests.conftest import wait_until

from .conftest import RUN_ID
from .sqlite_site import LOCKED, SqliteSite

pytestmark = [pytest.mark.resilience, pytest.mark.slow]

CLIENTS = 20
FILINGS = 40  # two per client


@pytest.fixture
def sqlite_site(tmp_path, es_client):
    site = SqliteSite(
        tmp_path,
        run_id=RUN_ID,
        broker_url=settings.CELERY_BROKER_URL,
        elasticsearch_url=settings.ELASTICSEARCH_URL,
    )
    tokens = site.seed(CLIENTS)
    try:
        site.start(wait_until)
        yield site, tokens
    finally:
        site.stop()
        es_client.options(ignore_status=404).indices.delete(index=f"{site.index_prefix}-*")
        import redis

        redis.Redis.from_url(site.broker_url).delete(site.queue)


def _file_concurrently(site: SqliteSite, tokens: list[str], field: str, marker: str) -> list[tuple[int, object]]:
    """Each of the CLIENTS threads files FILINGS / CLIENTS suggestions, all starting together."""
    results: list[tuple[int, object]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS, timeout=60)

    def client(n: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {tokens[n]}"
        barrier.wait()
        for i in range(n, FILINGS, CLIENTS):
            payload = {
                "kind": "field_report",
                "title": f"동시 제출 {marker} {i:02d}",
                "body": f"<p>수유역 사거리 신호가 꺼집니다 ({i}). 연락처 010-2345-6789</p>",
                "field": field,
                "visibility": "public",
                "district": "강북구",
            }
            try:
                response = session.post(f"{site.url}/api/v1/suggestions/", json=payload, timeout=90)
                outcome: object = (response.status_code, response.json() if response.status_code == 201 else "")
            except requests.RequestException as exc:
                outcome = exc
            with lock:
                results.append((i, outcome))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return sorted(results, key=lambda r: r[0])


def test_forty_api_filings_from_twenty_clients_on_sqlite(sqlite_site):
    site, tokens = sqlite_site
    (field,) = site.query("SELECT slug FROM partners_field WHERE name = ?", ("교통",))[0]
    marker = uuid.uuid4().hex[:10]

    results = _file_concurrently(site, tokens, field, marker)

    failed = [(i, outcome) for i, outcome in results if not (isinstance(outcome, tuple) and outcome[0] == 201)]
    assert len(results) == FILINGS
    assert failed == [], (
        f"{len(failed)} of {FILINGS} filings failed: {failed[:5]};"
        f" web log: {site.log('web').count(LOCKED)} × {LOCKED!r}"
    )
    ids = sorted(outcome[1]["id"] for _, outcome in results)
    rows = site.query("SELECT id FROM suggestions_suggestion WHERE title LIKE ? ORDER BY id", (f"%{marker}%",))
    assert [r[0] for r in rows] == ids  # every filing answered 201 is a row, and none twice

    # The worker catches up with everything the filings queued: notifications out, all 40 indexed.
    def notifications_done() -> bool:
        states = site.query(
            "SELECT n.suggestion_id, n.status FROM suggestions_notification n"
            " JOIN suggestions_suggestion s ON s.id = n.suggestion_id WHERE s.title LIKE ?",
            (f"%{marker}%",),
        )
        return {s for s, _ in states} == set(ids) and all(status in ("sent", "delivered") for _, status in states)

    wait_until(notifications_done, timeout=240, interval=1, what="every filing's notifications sent by the worker")

    from elasticsearch import Elasticsearch

    es = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)
    alias = f"{site.index_prefix}-suggestions"

    def indexed() -> int:
        es.indices.refresh(index=alias)
        return es.count(index=alias, query={"ids": {"values": [str(i) for i in ids]}})["count"]

    wait_until(lambda: indexed() == FILINGS, timeout=240, interval=1, what="all filings indexed by the worker")

    for name in ("web", "worker", "beat"):
        log = site.log(name)
        assert LOCKED not in log, f"{name} log has {log.count(LOCKED)} × {LOCKED!r}"
        assert "Traceback" not in log, f"{name} log has a traceback:\n{log[log.index('Traceback') :][:3000]}"
    assert "suggestions." in site.log("worker")  # the worker really ran the notification tasks
    assert site.query("SELECT count(*) FROM django_celery_beat_periodictask")[0][0] > 0  # beat wrote too
    assert site.query("PRAGMA journal_mode") == [("wal",)]  # readers never wait for the writer
