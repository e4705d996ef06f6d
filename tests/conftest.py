"""Shared fixtures: real Elasticsearch, a real Celery worker process on Redis, PostgreSQL.

Nothing here mocks a service. `make test` starts the services; these fixtures only make sure each
test run uses its own database, index prefix and queue (see config/settings/test.py).
"""

import subprocess
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Self

import pytest
from django.conf import settings

from config.queues import all_queues
from config.worker import worker_argv, worker_env

ROOT = Path(__file__).resolve().parent.parent
RUN_ID = settings.RUN_ID  # CHEONG_TEST_RUN plus the xdist worker's id (config/settings/test.py)


def run_port_offset(span: int) -> int:
    """This run's own offset in [0, span) for the ports of its private servers: the run id's hash
    plus the xdist worker's number, so the workers of one run never pick the same port."""
    worker = int(settings.TEST_WORKER.removeprefix("gw") or 0)
    return (zlib.crc32(settings.RUN_BASE.encode()) + worker) % span


def wait_until(predicate: Callable[[], object], timeout: float = 30.0, interval: float = 0.2, what: str = "condition"):
    """Poll until predicate() is truthy; fail the test with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture(scope="session")
def es_client():
    from search.client import get_client, is_up

    client = get_client()
    if not is_up(client):
        pytest.fail(f"Elasticsearch is not answering at {settings.ELASTICSEARCH_URL}; run `make test`")
    yield client
    client.options(ignore_status=404).indices.delete(index=f"{settings.ES_INDEX_PREFIX}-*")


@pytest.fixture
def clean_es(es_client):
    """Every index of this test run deleted before and after the test."""
    es_client.options(ignore_status=404).indices.delete(index=f"{settings.ES_INDEX_PREFIX}-*")
    yield es_client
    es_client.options(ignore_status=404).indices.delete(index=f"{settings.ES_INDEX_PREFIX}-*")


@pytest.fixture
def search_index(clean_es):
    """Fresh, empty indices, as `search_setup` creates them at deploy (reads never create them)."""
    from search.indices import ensure_indices

    ensure_indices()
    return clean_es


class WorkerProcess:
    """A real `celery worker` subprocess bound to this test run's database and queue
    (command line and environment from config.worker, as the bench and the Procfile run it)."""

    new_session = False  # PrivateWorker runs in its own process group
    visibility_timeout: int | None = None  # None: the settings' default
    queues: list[str] | None = None  # None: every queue of this run (config.queues)
    concurrency = 2

    def __init__(self, db_name: str):
        self.db_name = db_name
        self.extra_env: dict[str, str] = {}
        self.proc: subprocess.Popen | None = None
        self.log_path = ROOT / ".run" / f"worker-{settings.CELERY_TASK_DEFAULT_QUEUE}.log"

    def node_name(self) -> str:
        return f"test-{settings.CELERY_TASK_DEFAULT_QUEUE}@%h"

    def env(self) -> dict[str, str]:
        db = settings.DATABASES["default"]
        return worker_env(
            settings_module="config.settings.test",
            database_url=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{self.db_name}",
            broker_url=settings.CELERY_BROKER_URL,
            visibility_timeout=self.visibility_timeout,
            extra=self.extra_env,
        )

    def start(self) -> Self:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # The log is appended across tests: only a "ready" written after this start counts.
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        self.proc = subprocess.Popen(
            worker_argv(
                queue=self.queues or all_queues(settings.CELERY_TASK_DEFAULT_QUEUE),
                concurrency=self.concurrency,
                name=self.node_name(),
            ),
            cwd=ROOT,
            env=self.env(),
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=self.new_session,
        )
        # Startup is slow on a loaded machine: an exited worker fails at once, the timeout only guards a hang.
        wait_until(lambda: self._ready(offset), timeout=300, what="celery worker ready")
        return self

    def _ready(self, offset: int) -> bool:
        assert self.proc is not None and self.proc.poll() is None, f"the worker exited (log: {self.log_path})"
        return b"ready" in self.log_path.read_bytes()[offset:]

    def stop(self, sig: int = 15) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def purge_queues() -> None:
    """Drop messages a previous test left in this run's queues."""
    from config.celery_app import app

    with app.connection_for_write() as conn:
        for queue in all_queues(settings.CELERY_TASK_DEFAULT_QUEUE):
            conn.default_channel.queue_purge(queue)


@pytest.fixture
def celery_worker(transactional_db, django_db_blocker):
    """A running worker for one transactional test (the worker sees only committed data)."""
    purge_queues()
    worker = WorkerProcess(settings.DATABASES["default"]["NAME"]).start()
    yield worker
    worker.stop()


@pytest.fixture
def world(db):
    """The one test world (tests/world.py): named people per role, organisations and `file()`."""
    from tests.world import World

    return World()


@pytest.fixture(autouse=True)
def _broker_breaker_closed():
    """Each test starts with the outbox's broker circuit breaker closed (it is per process)."""
    from core import outbox

    outbox.mark_broker(up=True)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`), one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def _verify_forced_logins(sender, request, user, **kwargs):
    """`Client.force_login` (a bare HttpRequest, no REQUEST_METHOD) of a police user also completes
    TOTP with the user's real device, as a finished login would; logins through the form (a real
    request) still have to enter a code."""
    if "REQUEST_METHOD" not in request.META:
        from tests.world import verify_second_factor

        verify_second_factor(request, user)


@pytest.fixture(autouse=True, scope="session")
def _forced_logins_complete_totp():
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_verify_forced_logins, dispatch_uid="tests.forced_logins_totp")
    yield
    user_logged_in.disconnect(dispatch_uid="tests.forced_logins_totp")
