"""Private services for the resilience tests: they are stopped, killed and restarted here, so they
are never the shared ones (Redis 63799, Elasticsearch 9201). Each test run id gets its own ports.

- `PrivateRedis`: a foreground `redis-server` child process on its own port (we own its pid);
- `PrivateES`: an Elasticsearch node started by scripts/services.sh with its own run dir and port;
- `PrivateWorker`: a `celery worker` in its own process group (so SIGKILL reaches its pool children),
  pointed at the private broker / Elasticsearch, with a short visibility timeout;
- `use_broker()` / `use_elasticsearch()`: point this (pytest) process at them and back.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from typing import Self

import pytest
from django.conf import settings

from tests.conftest import ROOT, RUN_ID, WorkerProcess, run_port_offset, wait_until

_OFFSET = run_port_offset(50)
REDIS_PORT = int(os.environ.get("CHEONG_PRIVATE_REDIS_PORT", 63900 + _OFFSET))
# Per run id like Redis: 9210-9259 (transport +100) stays clear of the shared node (9201/9301).
ES_PORT = int(os.environ.get("CHEONG_PRIVATE_ES_PORT", 9210 + _OFFSET))
VISIBILITY_TIMEOUT = 3


class PrivateRedis:
    def __init__(self, port: int = REDIS_PORT):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.dir = ROOT / ".run" / f"private-{RUN_ID}" / "redis"
        self.proc: subprocess.Popen | None = None

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except Exception:
            return False

    def start(self) -> PrivateRedis:
        if self.ping():
            raise RuntimeError(f"port {self.port} is taken by another Redis")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            cwd=self.dir,
            stdout=(self.dir / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(self.ping, timeout=20, what="private redis up")
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None


class PrivateES:
    def __init__(self, port: int = ES_PORT):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.run_dir = ROOT / ".run" / f"private-{RUN_ID}"

    def _services(self, action: str) -> None:
        env = {**os.environ, "CHEONG_RUN_DIR": str(self.run_dir), "ES_PORT": str(self.port), "ES_HEAP": "256m"}
        subprocess.run(["bash", "scripts/services.sh", action, "es"], cwd=ROOT, env=env, check=True, timeout=240)

    def up(self) -> bool:
        from elasticsearch import Elasticsearch

        from search.client import is_up

        return is_up(Elasticsearch(self.url, request_timeout=2))

    def start(self) -> PrivateES:
        self._services("start")
        return self

    def stop(self) -> None:
        self._services("stop")
        wait_until(lambda: not self.up(), timeout=30, what="private elasticsearch down")


class PrivateWorker(WorkerProcess):
    """A worker with its own log, its own process group, a short visibility timeout and extra environment."""

    new_session = True  # own process group: SIGKILL reaches the pool children too
    visibility_timeout = VISIBILITY_TIMEOUT

    def __init__(self, db_name: str, **env: str):
        super().__init__(db_name)
        self.extra_env = env
        self.log_path = ROOT / ".run" / f"private-{RUN_ID}" / f"worker-{os.getpid()}.log"

    def node_name(self) -> str:
        return f"resilience-{time.time_ns()}@%h"

    def start(self) -> Self:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.write_bytes(b"")  # one log per worker: kill/requeue assertions read all of it
        return super().start()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole worker: main process and pool children, no chance to ack or requeue."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def kill_pool_children(self) -> int:
        import psutil

        assert self.proc is not None
        children = psutil.Process(self.proc.pid).children(recursive=True)
        for child in children:
            child.send_signal(signal.SIGKILL)
        return len(children)

    def stop(self, sig: int = 15) -> None:
        super().stop(sig)
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)


def _reset_celery_connections() -> None:
    """Forget every pooled broker connection (kombu's global pools are keyed by broker URL)."""
    from kombu import pools

    from config.celery_app import app

    with contextlib.suppress(Exception):
        pools.reset()
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def use_broker(url: str):
    """Point this process's Celery app (outbox publishing) at another broker, then back."""
    from config.celery_app import app

    old_setting, old_conf = settings.CELERY_BROKER_URL, app.conf.broker_url
    settings.CELERY_BROKER_URL = url
    app.conf.broker_url = url
    _reset_celery_connections()
    try:
        yield app
    finally:
        settings.CELERY_BROKER_URL = old_setting
        app.conf.broker_url = old_conf
        _reset_celery_connections()


@contextlib.contextmanager
def use_elasticsearch(url: str):
    from elasticsearch.dsl import connections

    from search.client import get_client

    old = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = url
    get_client.cache_clear()
    try:
        yield get_client()
    finally:
        settings.ELASTICSEARCH_URL = old
        get_client.cache_clear()
        with contextlib.suppress(Exception):
            connections.remove_connection("default")


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def private_es():
    node = PrivateES()
    if node.up():
        node.stop()
    node.start()
    yield node
    node.stop()


def pending_outbox() -> int:
    from core.models import OutboxMessage

    return OutboxMessage.objects.filter(published_at__isnull=True).count()


def waiting_on_lock(db_name: str) -> int:
    """How many other sessions of `db_name` are waiting for a lock (a task blocked mid-way)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = %s AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
            [db_name],
        )
        return cursor.fetchone()[0]


@contextlib.contextmanager
def table_locked(table: str):
    """Hold an ACCESS EXCLUSIVE lock on `table` from a separate connection (blocks any task touching it)."""
    import psycopg

    db = settings.DATABASES["default"]
    conn = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=False)
    try:
        conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        yield conn
    finally:
        conn.rollback()
        conn.close()


def sleep_past_visibility_timeout(since: float) -> None:
    """Let the Redis visibility timeout of an unacknowledged message run out (not a timing assertion)."""
    remaining = since + VISIBILITY_TIMEOUT + 1.5 - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
