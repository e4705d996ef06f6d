"""Celery tasks of the search app (thin: they call search.indexing / search.reconcile / search.digest)."""

from celery import shared_task

from . import digest, indexing
from . import reconcile as reconcile_module
from .client import SEARCH_UNAVAILABLE

RETRY = {
    "autoretry_for": SEARCH_UNAVAILABLE,
    "retry_backoff": 5,  # 5 s, 10 s, 20 s … (jittered)
    "retry_backoff_max": 600,
    "max_retries": 10,  # then the periodic reconcile picks the document up
}


@shared_task(name="search.index_suggestion", ignore_result=True, **RETRY)
def index_suggestion(suggestion_id: int) -> bool:
    return indexing.index_suggestion(suggestion_id)


@shared_task(name="search.index_announcement", ignore_result=True, **RETRY)
def index_announcement(page_id: int) -> bool:
    return indexing.index_announcement(page_id)


@shared_task(name="search.reconcile", ignore_result=True)
def reconcile() -> dict:
    """Every 10 minutes: only the rows changed since the last run, under a lock (search.reconcile)."""
    return reconcile_module.reconcile_changes()


@shared_task(name="search.reconcile_full", ignore_result=True)
def reconcile_full() -> dict:
    """Nightly: every row against every document (renames, page privacy, lost deletions)."""
    return reconcile_module.reconcile_full()


@shared_task(name="search.weekly_digest", ignore_result=True)
def weekly_digest() -> int:
    return digest.send_weekly_digests()
