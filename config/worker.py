"""The one `celery worker` command line, shared by the Procfile (`python -m config.worker`), the test
fixtures (tests/conftest.py, tests/resilience/conftest.py) and the benchmark (bench/run.py).

By default a worker consumes every queue (config/queues.py); a pool for one kind of work passes
`--queue` (`python -m config.worker --queue indexing`, a kind or a full queue name, comma separated).

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

from config.queues import KINDS, all_queues, queue_name


def worker_argv(
    *,
    queue: str | Sequence[str],
    concurrency: int = 2,
    pool: str = "prefork",
    loglevel: str = "INFO",
    name: str | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """argv for a worker consuming only `queue` (a name or several), run by this interpreter (the venv's celery)."""
    queues = queue if isinstance(queue, str) else ",".join(queue)
    argv = [sys.executable, "-m", "celery", "-A", "config", "worker", f"--loglevel={loglevel}"]
    argv += [f"--concurrency={concurrency}", f"--pool={pool}", "-Q", queues, "--without-gossip", "--without-mingle"]
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


def resolve_queues(spec: str | None, default_queue: str) -> list[str]:
    """`--queue` to broker queue names: None → every queue; a kind (`indexing`) → its queue name;
    anything else is taken as a queue name."""
    if not spec:
        return all_queues(default_queue)
    names = [part.strip() for part in spec.split(",") if part.strip()]
    return [queue_name(default_queue, name) if name in KINDS else name for name in names]


def main(args: Sequence[str] | None = None) -> None:
    """`python -m config.worker [--queue Q] [--concurrency N] [--loglevel L]`: exec the worker."""
    parser = argparse.ArgumentParser(prog="python -m config.worker")
    parser.add_argument("--queue", help=f"queue kinds ({', '.join(KINDS)}) or names, comma separated; default: all")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--pool", default="prefork")
    parser.add_argument("--loglevel", default="INFO")
    opts = parser.parse_args(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    queues = resolve_queues(opts.queue, settings.CELERY_TASK_DEFAULT_QUEUE)
    argv = worker_argv(queue=queues, concurrency=opts.concurrency, pool=opts.pool, loglevel=opts.loglevel)
    os.execv(argv[0], argv)  # noqa: S606 - replace this process, so signals reach the worker directly


if __name__ == "__main__":
    main()
