"""The pages under load on one local gunicorn (bench/measure_pages.py's, 3 gthread workers ×
4 threads), shared with locust's closed loop (run after the peaks, on warm workers), and three
ways that closed loop does not show:

1. open_loop: a fixed arrival rate (one request every 1/rate s, whether or not earlier answers came
   back), latency counted from the *scheduled* send time (no coordinated omission), with how late
   the generator itself was, so generator saturation can be told from server slowness;
2. peak_ratio: closed-loop saturation of one URL at a time, each page's req/s divided by a trivial
   Django view's (bench/urls.py) on the same server: what a page costs over the framework floor;
3. worker_rss: the memory of the gunicorn master and each worker, and whether the worker has the
   sentence-embedding model (search.embeddings) and Kiwi (search.analysis) loaded (asked of each
   worker through /bench/loaded/, bench/urls.py).

The load generator runs on the same machine (2 cores) as the server, Elasticsearch and PostgreSQL:
the figures are relative, not capacity. Imported after django.setup() (bench/run.py).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import random
import re
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

from bench.harness import pct
from bench.measure_pages import WORKERS, gunicorn, locust_paths, measure_pages

PASSWORD = os.environ.get("DEMO_PASSWORD", "cheong-demo-2026")
# The HQ queries, as the locustfile draws them.
QUERIES = ["가로등 고장", "보이스피싱", "어린이 보호구역 과속", "집회 소음", "불법 주정차", "스토킹"]
TIMEOUT_S = 10.0
THREADS = 256
TRIVIAL = "/bench/trivial/"
LOADED = "/bench/loaded/"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
USERNAMES = {"partner": "partner_member", "hq": "hq"}

# The locustfile's mix as (role, page, weight): Partner ×4 (home 2, announcement 2, detail 3,
# mine 2), Analyst ×1 (search), Visitor ×1 (home 2, statistics 1); weights per request.
MIX: list[tuple[str, str, float]] = [
    ("partner", "home", 4 * 2 / 9),
    ("partner", "announcement", 4 * 2 / 9),
    ("partner", "suggestion detail", 4 * 3 / 9),
    ("partner", "my suggestions", 4 * 2 / 9),
    ("hq", "HQ search", 1.0),
    ("anonymous", "home (anonymous)", 1 * 2 / 3),
    ("anonymous", "public statistics", 1 * 1 / 3),
]
# peak_ratio's pages and the role each is requested as.
PEAK_PAGES: list[tuple[str, str]] = [
    ("home", "partner"),
    ("announcement", "partner"),
    ("suggestion detail", "partner"),
    ("my suggestions", "partner"),
    ("HQ search", "hq"),
    ("public statistics", "anonymous"),
]


# --- pure parts (tests/bench/test_measure_load.py) -------------------------------------------------


def schedule(rate: float, seconds: float, seed: int = 42) -> list[tuple[float, str, str]]:
    """The open-loop plan: (offset from start in s, role, page) every 1/rate s, pages drawn by MIX."""
    rng = random.Random(seed)
    n = int(rate * seconds)
    picks = rng.choices(MIX, weights=[w for _, _, w in MIX], k=n)
    return [(i / rate, role, page) for i, (role, page, _) in enumerate(picks)]


def summarize(latencies_ms: list[float], errors: int, seconds: float) -> dict:
    """requests (answered or not), errors, p50/p95/p99 ms over every request (an error's latency is
    until it failed or timed out) and the achieved rate (completions / seconds)."""
    n = len(latencies_ms)
    return {
        "requests": n,
        "errors": errors,
        "p50_ms": round(pct(latencies_ms, 50), 1),
        "p95_ms": round(pct(latencies_ms, 95), 1),
        "p99_ms": round(pct(latencies_ms, 99), 1),
        "max_ms": round(max(latencies_ms), 1) if latencies_ms else float("nan"),
        "rps": round(n / seconds, 1) if seconds > 0 else 0.0,
    }


def page_path(page: str, paths: dict, i: int) -> str:
    """The i-th request's path for a page (the details and HQ queries cycle as the locustfile draws them)."""
    if page == "suggestion detail":
        return paths["details"][i % len(paths["details"])]
    if page == "HQ search":
        return f"{paths['hq_search']}?{urllib.parse.urlencode({'q': QUERIES[i % len(QUERIES)]})}"
    if page == "home (anonymous)":
        return paths["home"]
    key = {"my suggestions": "mine", "public statistics": "statistics"}.get(page, page)
    return paths[key]


# --- sessions ------------------------------------------------------------------------------------


def login(base_url: str, username: str, login_path: str) -> requests.Session:
    """One logged-in session as the locustfile logs in (CSRF token from the form, Referer)."""
    s = requests.Session()
    page = s.get(base_url + login_path, timeout=TIMEOUT_S)
    match = _CSRF.search(page.text)
    if not match:
        raise RuntimeError(f"no CSRF token on {login_path} ({page.status_code})")
    r = s.post(
        base_url + login_path,
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)},
        headers={"Referer": base_url + login_path},
        allow_redirects=False,
        timeout=TIMEOUT_S,
    )
    if r.status_code != 302 or "sessionid" not in s.cookies:
        raise RuntimeError(f"login as {username} failed ({r.status_code})")
    return s


@dataclass
class Sessions:
    """Each role's logged-in cookies, copied into one requests.Session per thread and role
    (a Session is not shared between threads)."""

    base_url: str
    cookies: dict[str, dict[str, str]]
    local: threading.local

    @classmethod
    def log_in(cls, base_url: str, login_path: str) -> Sessions:
        cookies = {
            role: {c.name: c.value or "" for c in login(base_url, user, login_path).cookies}
            for role, user in USERNAMES.items()
        }
        return cls(base_url, {**cookies, "anonymous": {}}, threading.local())

    def get(self, role: str) -> requests.Session:
        pool = self.local.__dict__.setdefault("sessions", {})
        if role not in pool:
            s = requests.Session()
            s.cookies.update(self.cookies[role])
            pool[role] = s
        return pool[role]

    def fetch(self, role: str, path: str) -> bool:
        """GET as the role; True for a 200 (a redirect to the login page is an error)."""
        try:
            r = self.get(role).get(self.base_url + path, allow_redirects=False, timeout=TIMEOUT_S)
            r.content  # noqa: B018 - read the whole body
            return r.status_code == 200
        except requests.RequestException:
            return False


# --- 1. open loop --------------------------------------------------------------------------------


def open_loop(base_url: str, urls: dict[str, str], rate: float = 100, seconds: float = 30) -> dict:
    paths = locust_paths(urls)
    sessions = Sessions.log_in(base_url, str(paths["login"]))
    plan = schedule(rate, seconds)
    results: list[tuple[str, float, bool, float]] = []  # page, latency ms from schedule, ok, start delay ms

    def one(i: int, due: float, role: str, page: str) -> None:
        started = time.perf_counter()
        ok = sessions.fetch(role, page_path(page, paths, i))
        done = time.perf_counter()
        results.append((page, (done - due) * 1000, ok, (started - due) * 1000))

    lags: list[float] = []
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        t0 = time.perf_counter() + 0.2
        for i, (offset, role, page) in enumerate(plan):
            due = t0 + offset
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            lags.append((time.perf_counter() - due) * 1000)
            pool.submit(one, i, due, role, page)
        sent_s = time.perf_counter() - t0 + 1 / rate  # the last send's own interval
    elapsed = time.perf_counter() - t0  # until the last answer (or timeout)
    pages: dict[str, dict] = {}
    for page in dict.fromkeys(p for _, p, _ in MIX):
        rows = [r for r in results if r[0] == page]
        pages[page] = summarize([r[1] for r in rows], sum(not r[2] for r in rows), seconds)
    overall = summarize([r[1] for r in results], sum(not r[2] for r in results), seconds)
    return {
        "rate": rate,
        "seconds": seconds,
        "threads": THREADS,
        "timeout_s": TIMEOUT_S,
        "overall": {**overall, "achieved_send_rate": round(len(plan) / sent_s, 1), "drain_s": round(elapsed, 1)},
        "pages": pages,
        # How late the generator was: the schedule loop (sleep overshoot, GIL) and a thread picking
        # the request up. Small next to the latencies = the latencies are the server's.
        "generator": {
            "schedule_lag_max_ms": round(max(lags), 1) if lags else 0.0,
            "schedule_lag_p99_ms": round(pct(lags, 99), 1),
            "start_delay_max_ms": round(max((r[3] for r in results), default=0.0), 1),
            "start_delay_p99_ms": round(pct([r[3] for r in results], 99), 1),
        },
    }


# --- 2. peak throughput ratio --------------------------------------------------------------------


def settle(base_url: str, limit_s: float = 60.0) -> float:
    """Wait until the server answers the trivial view fast again (requests a timed-out client gave
    up on are still being served); returns the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit_s:
        t = time.perf_counter()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(base_url + TRIVIAL, timeout=TIMEOUT_S).read()
        if time.perf_counter() - t < 0.05:
            break
        time.sleep(0.5)
    return round(time.perf_counter() - started, 1)


def _saturate(sessions: Sessions, role: str, page: str, paths: dict, seconds: float, clients: int) -> dict:
    """`clients` closed-loop threads on one URL. Warm-up: 1 s and until every client has had one
    200 answer (at most 60 s); then `seconds` counted."""
    counter = itertools.count()
    done: list[tuple[float, float, bool]] = []  # finished at, latency ms, ok
    window: dict[str, float] = {}
    answered = threading.Semaphore(0)

    def client() -> None:
        first = True
        while not window or time.perf_counter() < window["to"]:
            path = TRIVIAL if page == "trivial" else page_path(page, paths, next(counter))
            now = time.perf_counter()
            ok = sessions.fetch(role, path)
            end = time.perf_counter()
            done.append((end, (end - now) * 1000, ok))
            if first and ok:
                answered.release()
                first = False

    t_start = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for _ in range(clients):
        answered.acquire(timeout=max(0.0, t_start + 60 - time.perf_counter()))
    time.sleep(max(0.0, t_start + 1.0 - time.perf_counter()))
    t_from = time.perf_counter()
    window.update({"from": t_from, "to": t_from + seconds})
    for t in threads:
        t.join(TIMEOUT_S + seconds + 5)
    counted = [d for d in done if t_from <= d[0] <= t_from + seconds]
    lat = [d[1] for d in counted]
    return {
        "rps": round(len(counted) / seconds, 1),
        "requests": len(counted),
        "errors": sum(not d[2] for d in counted),
        "p50_ms": round(pct(lat, 50), 1),
        "p95_ms": round(pct(lat, 95), 1),
        "warmup_s": round(t_from - t_start, 1),
    }


def warm_search(sessions: Sessions, paths: dict, limit_s: float = 90.0) -> float:
    """HQ searches one at a time on fresh connections until every worker (WORKERS, as
    measure_pages starts gunicorn) says it has the embedding model: the first search in a worker
    loads it (seconds of CPU), which is not the page's steady-state throughput. Returns the seconds."""
    started = time.perf_counter()
    i = 0
    while time.perf_counter() - started < limit_s:
        seen = _loaded_by_pid(sessions.base_url, WORKERS, tries=20)
        if len(seen) >= WORKERS and all(row["embedding_model"] for row in seen.values()):
            break
        with requests.Session() as s:
            s.cookies.update(sessions.cookies["hq"])
            with contextlib.suppress(requests.RequestException):
                s.get(sessions.base_url + page_path("HQ search", paths, i), headers={"Connection": "close"}, timeout=60)
        i += 1
    return round(time.perf_counter() - started, 1)


def peak_ratio(base_url: str, urls: dict[str, str], seconds: float = 8, clients: int = 12) -> dict:
    paths = locust_paths(urls)
    sessions = Sessions.log_in(base_url, str(paths["login"]))
    trivial = _saturate(sessions, "anonymous", "trivial", paths, seconds, clients)
    pages = {}
    for page, role in PEAK_PAGES:
        settled = settle(base_url)
        model_s = warm_search(sessions, paths) if page == "HQ search" else None
        row = _saturate(sessions, role, page, paths, seconds, clients)
        row["settle_s"] = settled
        if model_s is not None:
            row["model_warmup_s"] = model_s
        row["ratio"] = round(row["rps"] / trivial["rps"], 3) if trivial["rps"] else float("nan")
        pages[page] = {"role": role, **row}
    return {"seconds": seconds, "clients": clients, "trivial": trivial, "pages": pages}


# --- 3. worker memory ----------------------------------------------------------------------------


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(out))


def _loaded_by_pid(base_url: str, workers: int, tries: int = 60) -> dict[int, dict]:
    """Ask /bench/loaded/ on fresh connections until `workers` processes answered (or `tries` ran out)."""
    seen: dict[int, dict] = {}
    for _ in range(tries):
        req = urllib.request.Request(base_url + LOADED, headers={"Connection": "close"})
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT_S) as r:
                row = json.loads(r.read())
        except OSError:  # a worker still serving an overload's backlog: ask again, report None if never
            continue
        seen[row["pid"]] = {"embedding_model": row["embedding_model"], "kiwi": row["kiwi"]}
        if len(seen) >= workers:
            break
    return seen


def worker_rss(server_pid: int, base_url: str | None = None) -> dict:
    """VmRSS (MiB) of the gunicorn master and each worker; with base_url, whether each worker has
    the embedding model and Kiwi loaded (None: that worker never answered /bench/loaded/)."""
    workers = _children(server_pid)
    flags = _loaded_by_pid(base_url, len(workers)) if base_url else {}
    rows = [
        {"pid": pid, "rss_mib": _rss_mib(pid), **flags.get(pid, {"embedding_model": None, "kiwi": None})}
        for pid in workers
    ]
    return {
        "master_rss_mib": _rss_mib(server_pid),
        "workers": rows,
        "workers_rss_mib_total": round(sum(r["rss_mib"] for r in rows), 1),
    }


# --- all three on one server ---------------------------------------------------------------------


def measure_all(
    urls: dict[str, str],
    *,
    rate: float,
    open_seconds: float,
    peak_seconds: float,
    closed: tuple[int, int],
    clients: int = 12,
) -> dict:
    """One gunicorn (port BENCH_PORT): worker memory idle (warmed up, no HQ search yet),
    peak_ratio (which loads the models in every worker), the closed loop of `closed` = (users,
    seconds) (bench/measure_pages.py), open_loop, worker memory after."""
    port = int(os.environ.get("BENCH_PORT", "8765"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    base_url = f"http://127.0.0.1:{port}"
    paths = locust_paths(urls)
    with gunicorn(port, env) as server:
        for _ in range(3):  # warm every worker: imports, templates (no HQ search: the models stay unloaded)
            for url in (urls["home"], str(paths["login"]), urls["announcement"], urls["public statistics"]):
                urllib.request.urlopen(base_url + url, timeout=30).read()
        out: dict = {"port": port, "rss_idle": worker_rss(server.pid, base_url)}
        out["peak"] = peak_ratio(base_url, urls, seconds=peak_seconds, clients=clients)
        settle(base_url)
        out["closed"] = measure_pages(base_url, closed[1], closed[0], urls)
        settle(base_url)
        out["open_loop"] = open_loop(base_url, urls, rate=rate, seconds=open_seconds)
        out["open_loop"]["settle_after_s"] = settle(base_url, limit_s=180)  # the backlog the server still had
        out["rss_after"] = worker_rss(server.pid, base_url)
    return out
