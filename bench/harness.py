"""The benchmark's plumbing: paths, logging, percentiles, the machine description and the bench
database (created on first use, migrated on every run)."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

import environ
import psycopg
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
RUN_DIR = ROOT / ".run"  # git-ignored: worker log, locust CSVs


def log(msg: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {msg}", flush=True)


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, linearly interpolated (NaN for no values)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def percentiles(values: list[float], *ps: int) -> dict[str, float]:
    return {f"p{p}": pct(values, p) for p in ps}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict:
    cpu = ""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
        mem_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "load_avg_1_5_15": load_average(),
    }


def ensure_database() -> None:
    """Create the bench database (BENCH_DB, default cheong_bench) on the DATABASE_URL server."""
    url = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    name = os.environ.get("BENCH_DB", "cheong_bench")
    with psycopg.connect(
        host=url["HOST"], port=url["PORT"], user=url["USER"], dbname="postgres", autocommit=True
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)
