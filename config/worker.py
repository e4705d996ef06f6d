"""The one `celery worker` command line, shared by the Procfile (`python -m config.worker`), the test
fixtures (tests/conftest.py, tests/resilience/conftest.py) and the benchmark (bench/run.py).

Delivery guarantees (acks late, prefetch 1, reject on worker lost, visibility timeout) live in the
settings, not here: the command line only picks the queue, the pool and the node name. Gossip and
mingle are off because each worker is the only consumer of its queue (tests and bench each have their
own), so there is nobody to sync with and startup is a second faster.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

from django.conf import settings


def worker_argv(
    *,
    queue: str,
    concurrency: int = 2,
    pool: str = "prefork",
    loglevel: str = "INFO",
    name: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """argv for a worker consuming only `queue`, run by this interpreter (so the venv's celery)."""
    argv = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--loglevel={loglevel}"]
    argv += [f"--concurrency={concurrency}", f"--pool={pool}", "-Q", queue, "--without-gossip", "--without-mingle"]
    if name:
        argv += ["-n", name]
    return [*argv, *extra]


def worker_env(
    *,
    settings_module: str,
    database_url: str | None = None,
    broker_url: str | None = None,
    visibility_timeout: int | None = None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """This process's environment for a worker on `settings_module`; `extra` wins over everything."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "PYTHONUNBUFFERED": "1"}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    if broker_url is not None:
        env["CELERY_BROKER_URL"] = broker_url
    if visibility_timeout is not None:
        env["CELERY_VISIBILITY_TIMEOUT"] = str(visibility_timeout)
    return {**env, **(extra or {})}


def main(args: Sequence[str] | None = None) -> None:
    """`python -m config.worker [--concurrency N] [--loglevel L]`: exec the worker on the settings' queue."""
    parser = argparse.ArgumentParser(prog="python -m config.worker")
    parser.add_argument("--queue", help="default: CELERY_TASK_DEFAULT_QUEUE of the settings")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--pool", default="prefork")
    parser.add_argument("--loglevel", default="INFO")
    opts = parser.parse_args(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if opts.queue is None:
        opts.queue = settings.CELERY_TASK_DEFAULT_QUEUE
    argv = worker_argv(queue=opts.queue, concurrency=opts.concurrency, pool=opts.pool, loglevel=opts.loglevel)
    os.execv(argv[0], argv)  # noqa: S606 - replace this process, so signals reach the worker directly


if __name__ == "__main__":
    main()
