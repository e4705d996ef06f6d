"""A whole `make run` site on a SQLite file: web (runserver, as in the Procfile), a Celery worker (the
shared command line of config.worker) and beat, each a real process on `config.settings.local`.

The pytest process itself stays on PostgreSQL (config.settings.test refuses SQLite); everything on
the SQLite side runs in child processes, and this module's `seed` entry point runs inside one of them:

    python -m tests.resilience.sqlite_site seed N   # demo people + N partner members with API tokens
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from config.queues import all_queues
from config.worker import worker_argv, worker_env

ROOT = Path(__file__).resolve().parent.parent.parent
LOCKED = "database is locked"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SqliteSite:
    """Web + worker + beat on one SQLite file in `tmp`, on their own Celery queue and index prefix."""

    def __init__(self, tmp: Path, *, run_id: str, broker_url: str, elasticsearch_url: str):
        self.tmp = tmp
        self.db_path = tmp / "db.sqlite3"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.queue = f"cheong-sqlite-{run_id}-{os.getpid()}"
        self.index_prefix = f"cheong-test-{run_id}-sqlite"
        self.broker_url = broker_url
        self.procs: dict[str, subprocess.Popen] = {}
        self.env = worker_env(
            settings_module="config.settings.local",
            database_url=f"sqlite:///{self.db_path}",
            broker_url=broker_url,
            extra={
                "CELERY_QUEUE": self.queue,
                "ES_INDEX_PREFIX": self.index_prefix,
                "ELASTICSEARCH_URL": elasticsearch_url,
                "EMAIL_URL": "consolemail://",
                "MEDIA_ROOT": str(tmp / "media"),
                "DJANGO_DEBUG": "true",
                "SITE_URL": self.url,
            },
        )

    # --- setup ---------------------------------------------------------------------------------

    def manage(self, *args: str, timeout: float = 300) -> str:
        """`manage.py <args>` on the SQLite site; its output, or the test fails with it."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def seed(self, members: int) -> list[str]:
        """Migrate, add the demo people and `members` partner members; their API tokens."""
        self.manage("migrate", "--noinput", "-v", "0")
        done = subprocess.run(
            [sys.executable, "-m", "tests.resilience.sqlite_site", "seed", str(members)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            raise AssertionError(f"seeding failed:\n{done.stdout}\n{done.stderr}")
        self.manage("search_setup")
        return json.loads(done.stdout.strip().splitlines()[-1])

    # --- processes -----------------------------------------------------------------------------

    def log_path(self, name: str) -> Path:
        return self.tmp / f"{name}.log"

    def log(self, name: str) -> str:
        return self.log_path(name).read_text(errors="replace")

    def _spawn(self, name: str, argv: list[str]) -> None:
        self.procs[name] = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=self.env,
            stdout=self.log_path(name).open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: stop() reaches runserver's and the pool's children
        )

    def start(self, wait_until) -> None:
        """The three Procfile processes, as `make run` starts them (worker: the shared command line)."""
        self._spawn("web", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"])
        self._spawn("worker", worker_argv(queue=all_queues(self.queue), name=f"{self.queue}@%h"))
        beat = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"]
        self._spawn("beat", [*beat, "-s", str(self.tmp / "celerybeat-schedule")])
        wait_until(self.web_up, timeout=90, what="runserver on the SQLite site")
        wait_until(lambda: "ready" in self.log("worker"), timeout=90, what="worker ready")
        wait_until(lambda: "beat: Starting" in self.log("beat"), timeout=90, what="beat started")
        for name, proc in self.procs.items():
            assert proc.poll() is None, f"{name} exited:\n{self.log(name)}"

    def web_up(self) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
            return True
        return False

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    # --- reading the SQLite file (read-only: the site's processes are the only writers) ----------

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()


def _seed(members: int) -> list[str]:
    """Runs inside a child on the SQLite settings: demo people plus `members` members of the demo group."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from demo.partners import seed_people
    from partners.models import Membership

    people = seed_people()
    group = Membership.objects.get(user=people["partner_member"]).group
    tokens = []
    for n in range(members):
        user, _ = get_user_model().objects.get_or_create(
            username=f"load_member_{n:02d}", defaults={"email": f"load{n:02d}@partners.example"}
        )
        Membership.objects.get_or_create(user=user, group=group, defaults={"role": Membership.Role.MEMBER})
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    return tokens


if __name__ == "__main__":
    if sys.argv[1:2] != ["seed"]:
        raise SystemExit("usage: python -m tests.resilience.sqlite_site seed N")
    import django

    django.setup()
    print(json.dumps(_seed(int(sys.argv[2]))))  # the parent reads the tokens from stdout
