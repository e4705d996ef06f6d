"""Fragments of pages that are the same for every member of an audience (home, announcements, the
public statistics), cached in Django's cache (Redis in production).

A fragment's key is (fragment name, audience label, language, Seoul date, version). The audience
label comes from `partners.access.page_audience`, so two users share a fragment only when the
permission rule gives them the same content; per-user parts (login box, CSRF token, quick links,
notifications) stay outside the `{% pagecache %}` block. The version is a counter per scope that the
app owning the event bumps (`bump`: announcements on Wagtail publish/unpublish/delete/privacy), or a
stamp read from the data itself (the statistics' computed_at). The date in the key retires
fragments that show "open until" badges at midnight.

`settings.PAGE_CACHE = False` turns it off (the test suite's default). A cache that is down only
costs the rendering: fragments are built as if uncached, never an error page.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

logger = logging.getLogger(__name__)


def _version_key(scope: str) -> str:
    return f"pagecache:v:{scope}"


def _fresh_version() -> int:
    # Not 1: a counter evicted from the cache must not come back at a value old fragments carry.
    return time.time_ns() // 1000


def version(scope: str) -> int:
    key = _version_key(scope)
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh_version(), timeout=None)
        value = cache.get(key, 0)
    return int(value)


def bump(scope: str) -> None:
    """Retire every fragment of `scope` (called after the owning write; its own transaction's
    on_commit when there is one, so a reader between write and commit cannot cache the old page)."""
    if not settings.PAGE_CACHE:
        return
    key = _version_key(scope)
    try:
        try:
            cache.incr(key)
        except ValueError:  # never read, or evicted
            cache.set(key, _fresh_version(), timeout=None)
    except Exception:  # the cache is down: nothing can be served from it either
        logger.warning("page cache: could not bump %s", scope, exc_info=True)


def vary(scope: str, audience: str, stamp: str | None = None) -> str | None:
    """The part of a fragment key after its name; None when caching is off or the cache is down.
    `stamp`: a version read from the data (used with the scope's counter)."""
    if not settings.PAGE_CACHE:
        return None
    try:
        counter = version(scope)
    except Exception:
        logger.warning("page cache: unavailable, rendering uncached", exc_info=True)
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"{audience}:{language}:{timezone.localdate():%Y%m%d}:{counter}:{stamp or ''}"


def fragment(name: str, key: str, build: Callable[[], str]) -> str:
    full_key = f"pagecache:f:{name}:{key}"
    try:
        cached = cache.get(full_key)
    except Exception:
        logger.warning("page cache: unavailable, rendering uncached", exc_info=True)
        return build()
    if cached is not None:
        return cached
    html = build()
    try:
        cache.set(full_key, html, timeout=settings.PAGE_CACHE_TIMEOUT)
    except Exception:
        logger.warning("page cache: could not store %s", name, exc_info=True)
    return html
