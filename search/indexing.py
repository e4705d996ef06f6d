"""Keeping the Elasticsearch documents in step with the database.

Services call `schedule_suggestion_index()` inside their transaction; the task is stored in the
outbox and published on commit, so a rolled-back write never reaches the index and a broker or
Elasticsearch outage only delays indexing (the reconcile task catches up).

Korean analysis (search.analysis) runs once per suggestion text and is stored in
`Suggestion.analysis` together with a hash of the analysed (masked) text; indexing and rebuilds
reuse it and only analyse again when it is missing, from another ANALYSIS_VERSION, or the text
changed. The stored analysis also keeps the masked texts themselves and a hash of the raw
(unsanitized) source texts (`src`), so a rebuild of unchanged rows neither sanitizes nor masks
again: it compares one cheap hash of the raw texts and reuses the stored masked texts.
Every document carries a `fingerprint` of what was indexed, so `check()` and `reconcile()`
find missing and stale documents by comparing it with the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from elasticsearch import NotFoundError, helpers

from core.outbox import enqueue

from . import analysis
from .client import get_client, index_name
from .documents import INDEX_SETTINGS, mapping_for

logger = logging.getLogger(__name__)

SUGGESTIONS = "suggestions"
ANNOUNCEMENTS = "announcements"
KINDS = (SUGGESTIONS, ANNOUNCEMENTS)


def schedule_suggestion_index(suggestion_id: int) -> None:
    enqueue("search.index_suggestion", suggestion_id)


def schedule_announcement_index(page_id: int) -> None:
    enqueue("search.index_announcement", page_id)


# --- Indices and aliases --------------------------------------------------------------------


def new_index_name(kind: str) -> str:
    return f"{index_name(kind)}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"


def create_index(kind: str, name: str | None = None) -> str:
    name = name or new_index_name(kind)
    get_client().indices.create(index=name, settings=INDEX_SETTINGS, mappings=mapping_for(kind))
    return name


def alias_targets(kind: str) -> list[str]:
    client = get_client()
    alias = index_name(kind)
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias).keys())


def ensure_index(kind: str) -> str:
    """Create `<alias>-<stamp>` with the alias if the alias does not exist yet; return the alias."""
    client = get_client()
    alias = index_name(kind)
    if client.indices.exists_alias(name=alias):
        return alias
    if client.indices.exists(index=alias):  # a concrete index squatting the alias name (auto-created)
        client.indices.delete(index=alias)
    name = create_index(kind)
    try:
        client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    except Exception:
        client.options(ignore_status=404).indices.delete(index=name)
        raise
    # Two processes may have raced: keep the oldest target, drop the others.
    targets = alias_targets(kind)
    if len(targets) > 1:
        for extra in targets[1:]:
            client.indices.update_aliases(actions=[{"remove": {"index": extra, "alias": alias}}])
            client.options(ignore_status=404).indices.delete(index=extra)
    return alias


def ensure_indices() -> None:
    for kind in KINDS:
        ensure_index(kind)


# --- Suggestions ------------------------------------------------------------------------------


def suggestion_queryset() -> QuerySet:
    from suggestions.models import Answer, Suggestion

    published = Answer.objects.filter(state=Answer.State.PUBLISHED).order_by("-version", "-id")
    return Suggestion.objects.select_related("field", "department", "group").prefetch_related(
        Prefetch("answers", queryset=published, to_attr="published_answers")
    )


def _published_answer(suggestion):
    answers = getattr(suggestion, "published_answers", None)
    if answers is None:
        from suggestions.models import Answer

        answers = list(suggestion.answers.filter(state=Answer.State.PUBLISHED).order_by("-version", "-id"))
    return answers[0] if answers else None


def masked_texts(suggestion) -> dict[str, str]:
    """The suggestion's user-written text as plain, PII-masked strings (what the index may hold)."""
    answer = _published_answer(suggestion)
    return masked_texts_of(suggestion.title, suggestion.body, answer.body if answer else None)


def masked_texts_of(title: str, body_html: str, answer_html: str | None) -> dict[str, str]:
    from suggestions.text import html_to_text, mask_pii

    return {
        "title": mask_pii(title),  # plain text (escaped when shown)
        "body": mask_pii(html_to_text(body_html)),
        "answer": mask_pii(html_to_text(answer_html)) if answer_html is not None else "",
    }


# Bump when suggestions.text.sanitize / html_to_text / mask_pii change what they produce: stored
# masked texts from an older TEXT_VERSION are recomputed (their `src` hash no longer matches).
TEXT_VERSION = 1


def source_hash(suggestion) -> str:
    """Hash of the raw texts `masked_texts()` is computed from (no sanitizing: cheap)."""
    answer = _published_answer(suggestion)
    return source_hash_of(suggestion.title, suggestion.body, answer.body if answer else None)


def source_hash_of(title: str, body_html: str, answer_html: str | None) -> str:
    joined = "\x1f".join((str(TEXT_VERSION), title or "", body_html or "", "" if answer_html is None else answer_html))
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()


def _stored_texts(stored: dict | None, src: str) -> dict[str, str] | None:
    """The masked texts kept with a current analysis of exactly these raw texts, else None."""
    if not stored or stored.get("version") != analysis.ANALYSIS_VERSION or stored.get("src") != src:
        return None
    texts = stored.get("texts")
    if not isinstance(texts, dict) or not all(k in stored and isinstance(texts.get(k), str) for k in _TEXT_KEYS):
        return None
    return texts


_TEXT_KEYS = ("title", "body", "answer")


def _text_hash(texts: dict[str, str]) -> str:
    joined = "\x1f".join(texts[k] for k in ("title", "body", "answer"))
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()


def analysis_is_current(stored: dict | None, texts: dict[str, str]) -> bool:
    return bool(
        stored
        and stored.get("version") == analysis.ANALYSIS_VERSION
        and stored.get("hash") == _text_hash(texts)
        and all(k in stored for k in ("title", "body", "answer"))
    )


def ensure_analysis(
    suggestion, texts: dict[str, str] | None = None, src: str | None = None, pending: list | None = None
) -> dict[str, Any]:
    """The stored analysis, computed (and saved without touching updated_at) only when needed.

    A current analysis stored without the masked texts / source hash (older rows) is kept and only
    gains them. With `pending`, such saves are collected as (pk, analysis) for one bulk update."""
    texts = texts or masked_texts(suggestion)
    src = src or source_hash(suggestion)
    stored = suggestion.analysis
    if analysis_is_current(stored, texts):
        if stored.get("src") == src and stored.get("texts") == texts:
            return stored
        result = {**stored, "src": src, "texts": dict(texts)}
    else:
        result = {"version": analysis.ANALYSIS_VERSION, "hash": _text_hash(texts), "src": src, "texts": dict(texts)}
        for key, text in texts.items():
            a = analysis.analyze(text)
            result[key] = {"morphs": a["morphs"], "nouns": a["nouns"]}
    if pending is not None:
        pending.append((suggestion.pk, result))
    else:
        type(suggestion).objects.filter(pk=suggestion.pk).update(analysis=result)  # no auto_now bump
    suggestion.analysis = result
    return result


def suggestion_texts_and_analysis(suggestion, pending: list | None = None) -> tuple[dict[str, str], dict[str, Any]]:
    """(masked texts, stored analysis): from the row when its raw texts are unchanged, else computed."""
    src = source_hash(suggestion)
    texts = _stored_texts(suggestion.analysis, src)
    if texts is not None:
        return texts, suggestion.analysis
    texts = masked_texts(suggestion)
    return texts, ensure_analysis(suggestion, texts, src, pending)


def suggestion_fingerprint(suggestion) -> str:
    answer = _published_answer(suggestion)
    return _fingerprint(
        suggestion.updated_at,
        suggestion.status,
        suggestion.visibility,
        suggestion.support_count,
        suggestion.department_id,
        (answer.pk, answer.published_at) if answer else None,
    )


def _fingerprint(updated_at, status, visibility, support_count, department_id, answer) -> str:
    """`answer`: (pk, published_at) of the published answer shown (highest version), or None."""
    parts = [
        updated_at.isoformat() if updated_at else "",
        status,
        visibility,
        str(support_count),
        str(department_id or ""),
        f"{answer[0]}:{answer[1].isoformat() if answer[1] else ''}" if answer else "",
        str(analysis.ANALYSIS_VERSION),
    ]
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:20]


def _suggestion_fingerprints() -> dict[str, str]:
    """suggestion_fingerprint() of every row from the few columns it reads (no model instances)."""
    from suggestions.models import Answer, Suggestion

    shown: dict[int, tuple] = {}  # suggestion id → (pk, published_at) of its highest published version
    answers = (
        Answer.objects.filter(state=Answer.State.PUBLISHED)
        .order_by("suggestion_id", "-version", "-id")
        .values_list("suggestion_id", "id", "published_at")
    )
    for suggestion_id, pk, published_at in answers.iterator(chunk_size=5000):
        shown.setdefault(suggestion_id, (pk, published_at))
    rows = Suggestion.objects.order_by("pk").values_list(
        "id", "updated_at", "status", "visibility", "support_count", "department_id"
    )
    return {
        str(pk): _fingerprint(updated_at, status, visibility, supports, department_id, shown.get(pk))
        for pk, updated_at, status, visibility, supports, department_id in rows.iterator(chunk_size=5000)
    }


def parse_time_band(band: str) -> tuple[int | None, list[int]]:
    """'22:00-01:00' → (22, [22, 23, 0]); '20:00-22:00' → (20, [20, 21]); bad input → (None, [])."""
    try:
        start_s, end_s = (band or "").split("-")
        sh, _sm = (int(x) for x in start_s.strip().split(":"))
        eh, em = (int(x) for x in end_s.strip().split(":"))
    except ValueError:
        return None, []
    if not (0 <= sh < 24 and 0 <= eh <= 24):
        return None, []
    end = eh + (1 if em > 0 else 0)
    hours, h = [], sh
    while True:
        hours.append(h % 24)
        h += 1
        if h % 24 == end % 24 or len(hours) >= 24:
            break
    return sh, hours


def _names_by_id() -> dict[str, dict[int, str]]:
    """Names of fields, departments and groups (small tables), so bulk loads skip the joins."""
    from partners.models import Department, Field, PartnerGroup

    return {
        "field": dict(Field.objects.values_list("id", "name")),
        "department": dict(Department.objects.values_list("id", "name")),
        "group": dict(PartnerGroup.objects.values_list("id", "name")),
    }


def build_suggestion_doc(
    suggestion, pending: list | None = None, names: dict[str, dict[int, str]] | None = None
) -> dict[str, Any]:
    from partners.access import visibility_tokens

    names = names or {}  # a row created after the names were read falls back to its related object
    field_name = names.get("field", {}).get(suggestion.field_id) or suggestion.field.name
    department_name = (
        (names.get("department", {}).get(suggestion.department_id) or suggestion.department.name)
        if suggestion.department_id
        else None
    )
    group_name = names.get("group", {}).get(suggestion.group_id) or suggestion.group.name

    texts, stored = suggestion_texts_and_analysis(suggestion, pending)
    answer = _published_answer(suggestion)
    start_hour, hours = parse_time_band(suggestion.time_band)
    keywords = list(dict.fromkeys(stored["title"]["nouns"] + stored["body"]["nouns"]))
    return {
        "id": suggestion.pk,
        "ref": suggestion.ref or "",
        "kind": suggestion.kind,
        "status": suggestion.status,
        "visibility": suggestion.visibility,
        "access": visibility_tokens(suggestion.visibility, suggestion.author_id),
        "field": field_name,
        "field_id": suggestion.field_id,
        "department": department_name,
        "department_id": suggestion.department_id,
        "group": group_name,
        "group_id": suggestion.group_id,
        "district": suggestion.district or None,
        "location": {"lat": suggestion.lat, "lon": suggestion.lon}
        if suggestion.lat is not None and suggestion.lon is not None
        else None,
        "time_band": suggestion.time_band or None,
        "time_start_hour": start_hour,
        "time_hours": hours,
        "risk_type": suggestion.risk_type or None,
        "supports": suggestion.support_count,
        "created": suggestion.created_at.isoformat(),
        "updated_at": suggestion.updated_at.isoformat() if suggestion.updated_at else None,
        "title": texts["title"],
        "body": texts["body"],
        "title_morphs": stored["title"]["morphs"],
        "body_morphs": stored["body"]["morphs"],
        "answer_morphs": stored["answer"]["morphs"],
        "answer_text": texts["answer"],
        "answer_decision": answer.decision if answer else None,
        "keywords": keywords,
        "fingerprint": suggestion_fingerprint(suggestion),
        "analysis_version": analysis.ANALYSIS_VERSION,
    }


def index_suggestion(suggestion_id: int, refresh: bool = False) -> bool:
    """Index one suggestion (or delete its document when the row is gone). Raises when ES is down."""
    alias = ensure_index(SUGGESTIONS)
    client = get_client()
    suggestion = suggestion_queryset().filter(pk=suggestion_id).first()
    if suggestion is None:
        with contextlib.suppress(NotFoundError):
            client.delete(index=alias, id=str(suggestion_id), refresh=refresh)
        return False
    client.index(index=alias, id=str(suggestion.pk), document=build_suggestion_doc(suggestion), refresh=refresh)
    return True


BULK_CHUNK = 1000  # documents per bulk request
BULK_THREADS = 2  # bulk requests in flight while the next chunk is built


def _save_pending_analyses(pending: list) -> None:
    """One UPDATE for the analyses computed/extended while building a chunk (no auto_now bump)."""
    from suggestions.models import Suggestion

    if pending:
        Suggestion.objects.bulk_update([Suggestion(pk=pk, analysis=a) for pk, a in pending], ["analysis"])
        pending.clear()


def _suggestion_chunks(index: str, suggestions: Iterable) -> Iterator[list[dict[str, Any]]]:
    """Bulk actions in chunks of BULK_CHUNK, built in the calling thread (the DB connection's)."""
    chunk: list[dict[str, Any]] = []
    pending: list = []
    names = _names_by_id()
    for suggestion in suggestions:
        doc = build_suggestion_doc(suggestion, pending, names)
        chunk.append({"_op_type": "index", "_index": index, "_id": str(suggestion.pk), "_source": doc})
        if len(chunk) >= BULK_CHUNK:
            _save_pending_analyses(pending)
            yield chunk
            chunk = []
    _save_pending_analyses(pending)
    if chunk:
        yield chunk


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
    qs = suggestion_queryset().select_related(None).order_by("pk")  # names come from _names_by_id()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    client = get_client()
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


# --- Announcements (defensive: the page model may not exist yet) -----------------------------


def announcement_model():
    try:
        from announcements.models import PolicyAnnouncementPage
    except ImportError:
        return None
    return PolicyAnnouncementPage


def _names(value) -> list[str]:
    if value is None:
        return []
    if hasattr(value, "all"):
        return [str(v) for v in value.all()]
    return [str(value)] if str(value) else []


def build_announcement_doc(page) -> dict[str, Any]:
    from suggestions.text import html_to_text, mask_pii

    title = mask_pii(page.title)
    summary = mask_pii(html_to_text(str(getattr(page, "summary", "") or "")))
    body = mask_pii(html_to_text(str(getattr(page, "body", "") or "")))
    a_title = analysis.analyze(title)
    a_body = analysis.analyze(f"{summary}\n{body}")
    published = getattr(page, "first_published_at", None) or getattr(page, "last_published_at", None)
    stamp = getattr(page, "last_published_at", None)
    return {
        "id": page.pk,
        "title": title,
        "summary": summary,
        "body": body[:20000],
        "title_morphs": a_title["morphs"],
        "body_morphs": a_body["morphs"],
        "keywords": list(dict.fromkeys(a_title["nouns"] + a_body["nouns"])),
        "field": _names(getattr(page, "fields", None) or getattr(page, "field", None)),
        "department": _names(getattr(page, "department", None)),
        "url": page.get_url() or "",
        # Same rule as the page's Wagtail privacy (partners-only pages → ["partners"]).
        "access": list(getattr(page, "access_tokens", None) or ["public"]),
        "created": published.isoformat() if published else None,
        "fingerprint": f"{stamp.isoformat() if stamp else ''}|{analysis.ANALYSIS_VERSION}",
    }


def index_announcement(page_id: int, refresh: bool = False) -> bool:
    alias = ensure_index(ANNOUNCEMENTS)
    client = get_client()
    model = announcement_model()
    page = model.objects.live().filter(pk=page_id).first() if model else None
    if page is None:
        with contextlib.suppress(NotFoundError):
            client.delete(index=alias, id=str(page_id), refresh=refresh)
        return False
    client.index(index=alias, id=str(page.pk), document=build_announcement_doc(page), refresh=refresh)
    return True


def _announcement_pages():
    model = announcement_model()
    return model.objects.live().order_by("pk") if model else []


def bulk_index_announcements(ids: Iterable[int] | None = None, index: str | None = None, progress=None) -> int:
    index = index or ensure_index(ANNOUNCEMENTS)
    pages = _announcement_pages()
    if ids is not None and pages:
        pages = pages.filter(pk__in=list(ids))
    actions = ({"_index": index, "_id": str(p.pk), "_source": build_announcement_doc(p)} for p in (pages or []))
    done = 0
    for ok, _item in helpers.streaming_bulk(get_client(), actions, raise_on_error=False):
        done += ok
        if progress is not None:
            progress.update(1)
    return done


# --- Rebuild, check, reconcile ----------------------------------------------------------------


def db_fingerprints(kind: str) -> dict[str, str]:
    if kind == SUGGESTIONS:
        return _suggestion_fingerprints()
    fingerprints = {}
    for page in _announcement_pages():
        stamp = getattr(page, "last_published_at", None)
        fingerprints[str(page.pk)] = f"{stamp.isoformat() if stamp else ''}|{analysis.ANALYSIS_VERSION}"
    return fingerprints


def index_fingerprints(kind: str) -> dict[str, str]:
    alias = ensure_index(kind)
    return {
        hit["_id"]: (hit.get("_source") or {}).get("fingerprint", "")
        for hit in helpers.scan(get_client(), index=alias, query={"query": {"match_all": {}}}, _source=["fingerprint"])
    }


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


def rebuild(kind: str, progress_factory=None) -> str:
    """Bulk-load a new versioned index from the database, swap the alias atomically, drop the old."""
    client = get_client()
    alias = index_name(kind)
    old = alias_targets(kind)
    name = create_index(kind)
    # Bulk load without refreshes or replicas; both restored before the alias swap.
    client.indices.put_settings(index=name, settings={"refresh_interval": "-1", "number_of_replicas": 0})
    total = suggestion_queryset().count() if kind == SUGGESTIONS else len(list(_announcement_pages()))
    progress = progress_factory(total=total, desc=f"{alias} → {name}") if progress_factory else None
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
            "number_of_replicas": INDEX_SETTINGS["number_of_replicas"],
        },
    )
    client.indices.refresh(index=name)
    actions: list[dict] = [{"remove": {"index": o, "alias": alias}} for o in old]
    if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
        client.indices.delete(index=alias)
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(actions=actions)  # one atomic request: readers never see no index
    for o in old:
        client.options(ignore_status=404).indices.delete(index=o)
    # Writes that went to the old index while we were loading: catch them up now.
    reconcile([kind])
    return name
