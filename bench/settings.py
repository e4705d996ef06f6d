"""Benchmark settings: the test settings on a database, index prefix and queue of their own
(`cheong_bench`, `cheong-bench-*`, `cheong-bench`), so `make bench` never touches test or dev data."""

from config.queues import task_routes
from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, REDIS_URL, env

DATABASES["default"]["NAME"] = env("BENCH_DB", default="cheong_bench")
DATABASES["default"]["CONN_MAX_AGE"] = 60
ES_INDEX_PREFIX = env("BENCH_INDEX_PREFIX", default="cheong-bench")
CELERY_TASK_DEFAULT_QUEUE = "cheong-bench"
CELERY_TASK_ROUTES = task_routes(CELERY_TASK_DEFAULT_QUEUE)
ROOT_URLCONF = "bench.urls"  # config.urls plus /bench/trivial/ and /bench/loaded/ (bench/measure_load.py)
DEBUG = False
AXES_ENABLED = False  # 50 simulated users log in from one address
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The simulated HQ user logs in with a password only: the TOTP step is one session flag check per
# request, so leaving it out does not change what the page benchmarks measure.
POLICE_TOTP_REQUIRED = False
# Pages as production serves them: the role-level fragment cache on (PAGE_CACHE=0 for a run
# without it), in Redis shared by the gunicorn workers, apart from other runs' keys.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PUBLIC_STATS_REFRESH_GAP = 10.0  # as deployed (the test settings run every refresh)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": ES_INDEX_PREFIX,
    }
}
