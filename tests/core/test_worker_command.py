"""One `celery worker` command line (config.worker) for the Procfile, the test fixtures and the bench."""

import subprocess
import sys

from config.worker import worker_argv, worker_env
from tests.conftest import ROOT


def test_one_worker_command_line_for_procfile_tests_and_bench():
    argv = worker_argv(queue="cheong-x", name="n@%h", extra=["--max-tasks-per-child=5"])
    assert argv[:6] == [sys.executable, "-m", "celery", "-A", "config", "worker"]
    assert argv[argv.index("-Q") + 1] == "cheong-x" and argv[argv.index("-n") + 1] == "n@%h"
    assert {"--concurrency=2", "--pool=prefork", "--without-gossip", "--without-mingle"} <= set(argv)
    assert argv[-1] == "--max-tasks-per-child=5"

    env = worker_env(
        settings_module="bench.settings", broker_url="redis://a", visibility_timeout=3,
        extra={"CELERY_BROKER_URL": "redis://b"},
    )  # fmt: skip
    assert env["DJANGO_SETTINGS_MODULE"] == "bench.settings" and env["PYTHONUNBUFFERED"] == "1"
    assert env["CELERY_VISIBILITY_TIMEOUT"] == "3" and env["CELERY_BROKER_URL"] == "redis://b"  # extra wins

    procfile = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line)
    assert procfile["worker"].startswith(".venv/bin/python -m config.worker")
    usage = subprocess.run(
        [sys.executable, "-m", "config.worker", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "--concurrency" in usage.stdout
