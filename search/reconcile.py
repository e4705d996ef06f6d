"""The periodic reconcile: re-index only what changed since the last run, under a lock.

A full check reads every row and every document, which grows with the corpus and could outlive
the broker's visibility timeout (the task is then redelivered while still running). So the
periodic task walks the rows changed since a stored watermark (`ReconcileMark`: change time + id,
keyset order), at most `SEARCH_RECONCILE_BATCH` per run, compares their fingerprints with the
indexed ones (one mget) and re-indexes the missing or stale. Deletions leave no changed row: when
the index and the database disagree on the count, that kind gets a full check. The full check
stays for the nightly task and `manage.py search_reconcile --full`.

A Redis lock keeps a redelivered or overlapping run from working at the same time; the watermark
only moves after a run succeeded, so an Elasticsearch outage delays indexing and loses nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .client import get_client, index_name
from .doc_builders import announcement_fingerprints, announcement_pages, suggestion_fingerprints
from .indexing import bulk_index_announcements, bulk_index_suggestions, reconcile
from .indices import ANNOUNCEMENTS, KINDS, SUGGESTIONS, ensure_index
from .models import ReconcileMark

logger = logging.getLogger(__name__)

# Rows whose transaction commits after a run started can carry an earlier change time than the
# watermark; once caught up, each run re-reads this window (compared by fingerprint, cheap).
OVERLAP = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class _Kind:
    rows: Callable[[], QuerySet]
    stamp: str  # the field that changes whenever the document would
    fingerprints: Callable[[list[int]], dict[str, str]]
    bulk: Callable[[list[int]], int]


def _suggestion_rows() -> QuerySet:
    from suggestions.models import Suggestion

    return Suggestion.objects.all()


KIND_SOURCES = {
    SUGGESTIONS: _Kind(_suggestion_rows, "updated_at", suggestion_fingerprints, bulk_index_suggestions),
    ANNOUNCEMENTS: _Kind(announcement_pages, "last_published_at", announcement_fingerprints, bulk_index_announcements),
}


# --- Lock ---------------------------------------------------------------------------------------


def lock_name() -> str:
    return f"{settings.ES_INDEX_PREFIX}:search-reconcile"


@contextlib.contextmanager
def reconcile_lock(timeout: int) -> Iterator[bool]:
    """Yields True while this process holds the lock, False when another run holds it. The lock
    expires after `timeout` seconds, so a killed worker delays the next run at most that long.
    Without Redis only the filesystem broker (a one-worker development setup) runs unlocked."""
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    lock = client.lock(lock_name(), timeout=timeout, blocking=False)
    try:
        held = lock.acquire()
    except redis.ConnectionError:
        if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
            raise
        logger.warning("search: Redis unreachable; reconcile runs without a lock (filesystem broker)")
        yield True
        return
    if not held:
        yield False
        return
    try:
        yield True
    finally:
        with contextlib.suppress(redis.RedisError):
            lock.release()  # LockNotOwnedError when it expired meanwhile: nothing to release


# --- Incremental and full -----------------------------------------------------------------------


def _indexed_fingerprints(kind: str, ids: list[int]) -> dict[str, str]:
    if not ids:
        return {}
    found = get_client().mget(index=index_name(kind), ids=[str(i) for i in ids], source=["fingerprint"])
    return {d["_id"]: (d.get("_source") or {}).get("fingerprint", "") for d in found["docs"] if d.get("found")}


def _counts_agree(kind: str) -> bool:
    """As many documents as rows. A lost delete (or a lost index) shows here; a row filed during
    the run whose index task has not run yet shows too, and costs one full check (correct, slower)."""
    client, alias = get_client(), index_name(kind)
    client.indices.refresh(index=alias)  # the count only sees refreshed documents (the worker's too)
    return client.count(index=alias)["count"] == KIND_SOURCES[kind].rows().count()


def _changes(kind: str, batch: int) -> int:
    """One incremental pass over `kind`; returns how many documents it fixed."""
    source = KIND_SOURCES[kind]
    ensure_index(kind)  # a write: after a lost index the periodic task refills a new one
    started = timezone.now()
    mark = ReconcileMark.objects.filter(kind=kind).first()
    if mark is None or mark.changed_at is None:  # first run (or the mark was removed): full check
        fixed = reconcile([kind])[kind]
        _save_mark(kind, started - OVERLAP, 0, full_at=started)
        return fixed
    after = Q(**{f"{source.stamp}__gt": mark.changed_at}) | Q(**{source.stamp: mark.changed_at, "pk__gt": mark.last_pk})
    rows = list(source.rows().filter(after).order_by(source.stamp, "pk").values_list("pk", source.stamp)[:batch])
    ids = [pk for pk, _stamp in rows]
    wanted, indexed = source.fingerprints(ids), _indexed_fingerprints(kind, ids)
    todo = [int(k) for k, fp in wanted.items() if indexed.get(k) != fp]
    if todo:
        source.bulk(todo)
    fixed = len(todo)
    if not _counts_agree(kind):
        logger.info("search: %s: index and database counts differ; full check", kind)
        fixed += reconcile([kind])[kind]
    if len(rows) == batch:  # more changed rows than one run takes: continue after the last one
        _save_mark(kind, rows[-1][1], rows[-1][0])
    else:
        _save_mark(kind, started - OVERLAP, 0)
    logger.info("search: reconcile %s: %d changed rows compared, %d fixed", kind, len(rows), fixed)
    return fixed


def _save_mark(kind: str, changed_at: dt.datetime, last_pk: int, full_at: dt.datetime | None = None) -> None:
    values: dict = {"changed_at": changed_at, "last_pk": last_pk}
    if full_at is not None:
        values["full_at"] = full_at
    ReconcileMark.objects.update_or_create(kind=kind, defaults=values)


def reconcile_changes(kinds: Iterable[str] = KINDS, batch: int | None = None) -> dict[str, int]:
    """The periodic task's work: re-index what changed since the last run. {} when another run
    holds the lock (a redelivered task does not run twice at once)."""
    batch = batch or settings.SEARCH_RECONCILE_BATCH
    with reconcile_lock(settings.SEARCH_RECONCILE_LOCK_SECONDS) as held:
        if not held:
            logger.info("search: reconcile already running elsewhere; skipped")
            return {}
        return {kind: _changes(kind, batch) for kind in kinds}


def reconcile_full(kinds: Iterable[str] = KINDS) -> dict[str, int]:
    """Every row against every document (missing, stale, extra), under the same lock; restarts the
    watermark. {} when another run holds the lock."""
    with reconcile_lock(settings.SEARCH_RECONCILE_FULL_LOCK_SECONDS) as held:
        if not held:
            logger.info("search: reconcile already running elsewhere; full check skipped")
            return {}
        counts = {}
        for kind in kinds:
            started = timezone.now()
            counts[kind] = reconcile([kind])[kind]
            _save_mark(kind, started - OVERLAP, 0, full_at=started)
        return counts
