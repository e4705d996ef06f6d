"""Keeping the Elasticsearch documents in step with the database: index one, bulk, check,
reconcile, rebuild.

Indexing is queued through the outbox inside the write's transaction (search.receivers), so a
rolled-back write never reaches the index and a broker or Elasticsearch outage only delays
indexing (the reconcile task catches up). These writes create a missing index (an alias written
to before `search_setup` would otherwise be auto-created with a dynamic mapping); reads never do.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Any

from django.db.models import QuerySet
from elasticsearch import NotFoundError, helpers

from core.outbox import enqueue

from . import analysis as analysis  # re-exported: tests read indexing.analysis.ANALYSIS_VERSION
from .client import get_client, index_name, missing_index_raised
from .doc_builders import (
    announcement_fingerprints,
    announcement_pages,
    build_announcement_doc,
    build_suggestion_doc,
    names_by_id,
    suggestion_fingerprints,
    suggestion_queryset,
)
from .documents import INDEX_SETTINGS, index_settings
from .indices import ANNOUNCEMENTS, KINDS, SUGGESTIONS, alias_targets, create_index, ensure_index, swap_alias
from .stored_analysis import ensure_analyses, save_pending

logger = logging.getLogger(__name__)

BULK_CHUNK = 1000  # documents per bulk request
BULK_THREADS = 2  # bulk requests in flight while the next chunk is built
# A bulk request of BULK_CHUNK documents with their vectors can take longer than a search's
# ES_TIMEOUT while Elasticsearch builds its kNN graph (a timeout would fail the whole rebuild).
BULK_TIMEOUT = 120.0


def schedule_suggestion_index(suggestion_id: int) -> None:
    enqueue("search.index_suggestion", suggestion_id)


def schedule_announcement_index(page_id: int) -> None:
    enqueue("search.index_announcement", page_id)


# --- Suggestions ------------------------------------------------------------------------------


def _index_one(kind: str, obj_id: int, queryset: QuerySet, build: Callable[[Any], dict], refresh: bool) -> bool:
    """Index one object of `kind`, or delete its document when `queryset` no longer holds it."""
    alias = ensure_index(kind)
    client = get_client()
    obj = queryset.filter(pk=obj_id).first()
    if obj is None:
        with contextlib.suppress(NotFoundError):
            client.delete(index=alias, id=str(obj_id), refresh=refresh)
        return False
    client.index(index=alias, id=str(obj.pk), document=build(obj), refresh=refresh)
    return True


def index_suggestion(suggestion_id: int, refresh: bool = False) -> bool:
    """Index one suggestion (or delete its document when the row is gone). Raises when ES is down."""
    return _index_one(SUGGESTIONS, suggestion_id, suggestion_queryset(), build_suggestion_doc, refresh)


def _suggestion_chunks(index: str, suggestions: Iterable) -> Iterator[list[dict[str, Any]]]:
    """Bulk actions in chunks of BULK_CHUNK, built in the calling thread (the DB connection's); the
    chunk's stale analyses are computed first, embeddings in one batch."""
    names = names_by_id()
    rows: list = []

    def build(rows: list) -> list[dict[str, Any]]:
        pending: list = []
        texts = ensure_analyses(rows, pending)
        save_pending(pending)
        return [
            {"_op_type": "index", "_index": index, "_id": str(s.pk), "_source": build_suggestion_doc(s, None, names, t)}
            for s, t in zip(rows, texts, strict=True)
        ]

    for suggestion in suggestions:
        rows.append(suggestion)
        if len(rows) >= BULK_CHUNK:
            yield build(rows)
            rows = []
    if rows:
        yield build(rows)


def _send_chunk(client, actions: list[dict[str, Any]]) -> tuple[int, int]:
    done = failed = 0
    for ok, item in helpers.streaming_bulk(client, actions, chunk_size=len(actions), raise_on_error=False):
        if ok:
            done += 1
        else:
            failed += 1
            logger.error("search: bulk index failed: %s", item)
    return done, failed


def bulk_index_suggestions(ids: Iterable[int] | None = None, index: str | None = None, progress=None) -> int:
    """Bulk-index suggestions (all, or `ids`) into `index` (default: the alias).

    Documents are built here (the database stays on this thread) while up to BULK_THREADS bulk
    requests are serialized and sent by worker threads."""
    index = index or ensure_index(SUGGESTIONS)
    qs = suggestion_queryset().select_related(None).order_by("pk")  # names come from names_by_id()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    client = get_client().options(request_timeout=BULK_TIMEOUT)
    done = 0

    def collect(futures) -> None:
        nonlocal done
        for future in futures:
            ok, _failed = future.result()
            done += ok
            if progress is not None:
                progress.update(ok)

    with ThreadPoolExecutor(max_workers=BULK_THREADS, thread_name_prefix="cheong-bulk") as pool:
        in_flight: set = set()
        for chunk in _suggestion_chunks(index, qs.iterator(chunk_size=BULK_CHUNK)):
            if len(in_flight) >= BULK_THREADS:
                finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                collect(finished)
            in_flight.add(pool.submit(_send_chunk, client, chunk))
        collect(in_flight)
    return done


# --- Announcements ----------------------------------------------------------------------------


def index_announcement(page_id: int, refresh: bool = False) -> bool:
    """Index one live announcement, or delete its document when it is unpublished or gone."""
    return _index_one(ANNOUNCEMENTS, page_id, announcement_pages(), build_announcement_doc, refresh)


def bulk_index_announcements(ids: Iterable[int] | None = None, index: str | None = None, progress=None) -> int:
    index = index or ensure_index(ANNOUNCEMENTS)
    pages = announcement_pages()
    if ids is not None:
        pages = pages.filter(pk__in=list(ids))
    actions = ({"_index": index, "_id": str(p.pk), "_source": build_announcement_doc(p)} for p in pages)
    done = 0
    for ok, _item in helpers.streaming_bulk(get_client(), actions, raise_on_error=False):
        done += ok
        if progress is not None:
            progress.update(1)
    return done


# --- Check, reconcile, rebuild ----------------------------------------------------------------


def db_fingerprints(kind: str) -> dict[str, str]:
    if kind == SUGGESTIONS:
        return suggestion_fingerprints()
    return announcement_fingerprints()


def index_fingerprints(kind: str) -> dict[str, str]:
    """The indexed fingerprints (a read: a missing alias raises SearchIndexMissing)."""
    alias = index_name(kind)
    hits = helpers.scan(get_client(), index=alias, query={"query": {"match_all": {}}}, _source=["fingerprint"])
    with missing_index_raised(kind):
        return {hit["_id"]: (hit.get("_source") or {}).get("fingerprint", "") for hit in hits}


def check(kind: str = SUGGESTIONS) -> dict[str, list[str]]:
    """Documents missing from / stale in / extra in the index compared with the database."""
    in_db = db_fingerprints(kind)
    in_index = index_fingerprints(kind)
    return {
        "missing": sorted((k for k in in_db if k not in in_index), key=int),
        "stale": sorted((k for k, fp in in_db.items() if k in in_index and in_index[k] != fp), key=int),
        "extra": sorted((k for k in in_index if k not in in_db), key=lambda k: int(k) if k.isdigit() else 0),
    }


def reconcile(kinds: Iterable[str] = KINDS) -> dict[str, int]:
    """Re-index whatever is missing or stale and delete documents whose rows are gone."""
    client = get_client()
    counts: dict[str, int] = {}
    for kind in kinds:
        ensure_index(kind)  # a write: after a lost index the periodic task refills a new one
        report = check(kind)
        todo = [int(k) for k in report["missing"] + report["stale"]]
        if todo:
            if kind == SUGGESTIONS:
                bulk_index_suggestions(todo)
            else:
                bulk_index_announcements(todo)
        for doc_id in report["extra"]:
            client.options(ignore_status=404).delete(index=index_name(kind), id=doc_id)
        counts[kind] = len(todo) + len(report["extra"])
        if counts[kind]:
            logger.info("search: reconciled %s: %s", kind, {k: len(v) for k, v in report.items()})
    return counts


def rebuild(kind: str, progress_factory: Callable[..., Any] | None = None) -> str:
    """Bulk-load a new versioned index from the database, swap the alias atomically, drop the old."""
    client = get_client()
    old = alias_targets(kind)
    name = create_index(kind)
    # Bulk load without refreshes or replicas; both restored before the alias swap.
    client.indices.put_settings(index=name, settings={"refresh_interval": "-1", "number_of_replicas": 0})
    total = suggestion_queryset().count() if kind == SUGGESTIONS else announcement_pages().count()
    progress = progress_factory(total=total, desc=f"{index_name(kind)} → {name}") if progress_factory else None
    try:
        if kind == SUGGESTIONS:
            bulk_index_suggestions(index=name, progress=progress)
        else:
            bulk_index_announcements(index=name, progress=progress)
    except Exception:
        client.options(ignore_status=404).indices.delete(index=name)
        raise
    finally:
        if progress is not None:
            progress.close()
    client.indices.put_settings(
        index=name,
        settings={
            "refresh_interval": INDEX_SETTINGS["refresh_interval"],
            "number_of_replicas": index_settings()["number_of_replicas"],
        },
    )
    client.indices.refresh(index=name)
    swap_alias(kind, name, old)
    # Writes that went to the old index while we were loading: catch them up now.
    reconcile([kind])
    return name
