"""Elasticsearch documents built from the database (the mappings are in search.documents).

Every document carries a `fingerprint` of what was indexed, so `indexing.check()` finds missing and
stale documents by comparing it with the database. Announcements fail closed: a page whose audience
cannot be determined is indexed for the police only.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from wagtail.models import Page

from announcements.models import PolicyAnnouncementPage
from partners.access import POLICE, visibility_tokens
from partners.models import Department, Field, PartnerGroup
from places.models import PoliceStation
from suggestions import timebands
from suggestions.models import Answer, Suggestion
from suggestions.text import html_to_text, mask_pii

from . import analysis, embeddings
from .stored_analysis import ensure_analysis, masked_texts, published_answer, stored_vector

logger = logging.getLogger(__name__)

# --- Suggestions ------------------------------------------------------------------------------


def suggestion_queryset() -> QuerySet[Suggestion]:
    """The indexed suggestions: every one but those hidden by moderation (they leave the index)."""
    published = Answer.objects.filter(state=Answer.State.PUBLISHED).order_by("-version", "-id")
    return (
        Suggestion.objects.filter(hidden_at__isnull=True)
        .select_related("field", "department", "group", "station")
        .prefetch_related(Prefetch("answers", queryset=published, to_attr="published_answers"))
    )


def suggestion_fingerprint(suggestion: Suggestion) -> str:
    answer = published_answer(suggestion)
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
        embeddings.EMBEDDING_VERSION,
    ]
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:20]


def suggestion_fingerprints(ids: list[int] | None = None) -> dict[str, str]:
    """suggestion_fingerprint() of every row (or of `ids`) from the few columns it reads (no model
    instances)."""
    shown: dict[int, tuple] = {}  # suggestion id → (pk, published_at) of its highest published version
    answers = Answer.objects.filter(state=Answer.State.PUBLISHED)
    rows = Suggestion.objects.filter(hidden_at__isnull=True).order_by("pk")  # as suggestion_queryset()
    if ids is not None:
        answers, rows = answers.filter(suggestion_id__in=ids), rows.filter(pk__in=ids)
    answer_rows = answers.order_by("suggestion_id", "-version", "-id").values_list(
        "suggestion_id", "id", "published_at"
    )
    for suggestion_id, pk, published_at in answer_rows.iterator(chunk_size=5000):
        shown.setdefault(suggestion_id, (pk, published_at))
    values = rows.values_list("id", "updated_at", "status", "visibility", "support_count", "department_id")
    return {
        str(pk): _fingerprint(updated_at, status, visibility, supports, department_id, shown.get(pk))
        for pk, updated_at, status, visibility, supports, department_id in values.iterator(chunk_size=5000)
    }


def vector_fields(stored: dict | None) -> dict[str, Any]:
    """The index fields of a stored analysis' embedding: `embedding` (kNN) and `embedding_f16`."""
    vector = stored_vector(stored)
    return {
        "embedding": vector,
        "embedding_f16": ((stored or {}).get("embedding") or {}).get("f16") if vector is not None else None,
    }


def names_by_id() -> dict[str, dict[int, str]]:
    """Names of fields, departments and groups (small tables), so bulk loads skip the joins."""
    return {
        "field": dict(Field.objects.values_list("id", "name")),
        "department": dict(Department.objects.values_list("id", "name")),
        "group": dict(PartnerGroup.objects.values_list("id", "name")),
        "station": dict(PoliceStation.objects.values_list("id", "name")),
    }


def build_suggestion_doc(
    suggestion: Suggestion,
    pending: list | None = None,
    names: dict[str, dict[int, str]] | None = None,
    texts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The suggestion's document. `texts`: its masked texts, from a bulk caller that has already
    brought the stored analysis up to date (stored_analysis.ensure_analyses)."""
    names = names or {}  # a row created after the names were read falls back to its related object
    field_name = names.get("field", {}).get(suggestion.field_id) or suggestion.field.name
    department_name = (
        (names.get("department", {}).get(suggestion.department_id) or getattr(suggestion.department, "name", None))
        if suggestion.department_id
        else None
    )
    group_name = names.get("group", {}).get(suggestion.group_id) or suggestion.group.name

    if texts is None:
        texts = masked_texts(suggestion)
        stored = ensure_analysis(suggestion, texts, pending)
    else:
        stored = suggestion.analysis
    answer = published_answer(suggestion)
    start_hour, hours = timebands.hours(suggestion.time_band)
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
        "dong": suggestion.dong or None,
        "station": (names.get("station", {}).get(suggestion.station_id) or getattr(suggestion.station, "name", None))
        if suggestion.station_id
        else None,
        "location": {"lat": suggestion.lat, "lon": suggestion.lon}
        if suggestion.lat is not None and suggestion.lon is not None
        else None,
        "location_approximate": suggestion.location_approximate,
        "weekday": timezone.localtime(suggestion.created_at).isoweekday(),
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
        **vector_fields(stored),
        "fingerprint": suggestion_fingerprint(suggestion),
        "analysis_version": analysis.ANALYSIS_VERSION,
    }


# --- Announcements ----------------------------------------------------------------------------


def announcement_pages() -> QuerySet[PolicyAnnouncementPage]:
    return PolicyAnnouncementPage.objects.live().order_by("pk")


def announcement_ids_under(page: Page) -> list[int]:
    """The announcements at or below `page` (a view restriction there applies to all of them)."""
    return list(PolicyAnnouncementPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def announcement_access(page: PolicyAnnouncementPage) -> list[str]:
    """The page's audience as access tokens; police only when it cannot be determined (fail closed)."""
    try:
        tokens = list(page.access_tokens)
    except Exception:
        logger.exception("search: audience of page %s unknown; indexed for the police only", page.pk)
        return [POLICE]
    return tokens or [POLICE]


def announcement_fingerprint(page: PolicyAnnouncementPage, access: list[str]) -> str:
    stamp = page.last_published_at
    return f"{stamp.isoformat() if stamp else ''}|{','.join(sorted(access))}|{analysis.ANALYSIS_VERSION}"


def announcement_fingerprints(ids: list[int] | None = None) -> dict[str, str]:
    """announcement_fingerprint() of every live page (or of `ids`)."""
    pages = announcement_pages() if ids is None else announcement_pages().filter(pk__in=ids)
    return {str(p.pk): announcement_fingerprint(p, announcement_access(p)) for p in pages}


def build_announcement_doc(page: PolicyAnnouncementPage) -> dict[str, Any]:
    title = mask_pii(page.title)
    summary = mask_pii(html_to_text(str(page.summary or "")))
    body = mask_pii(html_to_text(str(page.body or "")))
    a_title = analysis.analyze(title)
    a_body = analysis.analyze(f"{summary}\n{body}")
    published = page.first_published_at or page.last_published_at
    access = announcement_access(page)
    return {
        "id": page.pk,
        "title": title,
        "summary": summary,
        "body": body[:20000],
        "title_morphs": a_title["morphs"],
        "body_morphs": a_body["morphs"],
        "keywords": list(dict.fromkeys(a_title["nouns"] + a_body["nouns"])),
        "field": [str(f) for f in page.fields.all()],
        "department": [str(page.department)] if page.department_id else [],
        "url": page.get_url() or "",
        "access": access,
        "created": published.isoformat() if published else None,
        "fingerprint": announcement_fingerprint(page, access),
    }
