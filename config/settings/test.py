"""Test settings: always PostgreSQL, real Redis and Elasticsearch (started by `make test`).

CHEONG_TEST_RUN gives each concurrent test run its own database, index prefix and queue so two
runs on one machine never see each other's data. Under pytest-xdist (`make test` runs the suite in
worker processes) each worker is a run of its own: the worker's id ("gw0", "gw1", …) is appended.
"""

import os

from config.queues import INDEXING, task_routes

from .base import *  # noqa: F403
from .base import DATABASES, env

RUN_BASE = env("CHEONG_TEST_RUN", default="t")
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # set by xdist before settings load
RUN_ID = RUN_BASE + TEST_WORKER
DATABASES["default"] = env.db("DATABASE_URL", default="postgres://cheong@127.0.0.1:54329/cheong")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError("The test suite runs on PostgreSQL only; set DATABASE_URL to a postgres:// URL.")
DATABASES["default"]["TEST"] = {"NAME": f"test_cheong_{RUN_ID}"}
ES_INDEX_PREFIX = f"cheong-test-{RUN_ID.lower()}"  # Elasticsearch index names must be lowercase
CELERY_TASK_DEFAULT_QUEUE = f"cheong-test-{RUN_ID}"
# tests.ping_indexing proves the routing: only a worker on the indexing queue runs it.
CELERY_TASK_ROUTES = task_routes(CELERY_TASK_DEFAULT_QUEUE, extra={"tests.ping_indexing": INDEXING})
# Tasks that exist only for the suite (tests.ping); production workers never load them.
CELERY_IMPORTS = ["tests.tasks"]
# kombu keeps its unacked-message bookkeeping in Redis keys shared by every queue; a worker with a
# short visibility timeout (the resilience tests) would redeliver other runs' messages. A per-run
# key prefix keeps concurrent test runs on one Redis apart.
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": f"cheong-test-{RUN_ID}:"}
# Off unless a test turns it on (tests/performance/test_page_cache.py): other tests never see a cached page.
PAGE_CACHE = env.bool("PAGE_CACHE", default=False)
PUBLIC_STATS_REFRESH_GAP = 0.0  # every refresh a test asks for runs (tests/suggestions/test_public_stats.py sets it)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if env("CHEONG_TEST_EMAIL_URL", default=""):  # a worker sending to a test's own SMTP server
    vars().update(env.email_url("CHEONG_TEST_EMAIL_URL"))
MEDIA_ROOT = str(BASE_DIR / ".run" / f"media-{RUN_ID}")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
