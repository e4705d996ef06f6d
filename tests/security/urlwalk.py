"""Walk the URL resolver: every project URL pattern with its parameters filled from real objects.

`walk()` yields (route, name, pattern) for every pattern under our own prefixes (the Wagtail admin,
documents and page catch-all are covered by their own tests); `fill()` turns a route into a URL by
choosing a value per parameter from `Objects`. New patterns are picked up automatically; a
parameter nobody knows how to fill fails the test that uses it (so the walker is kept honest).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

SKIP_PREFIXES = ("admin/", "documents/", "i18n/", "static/", "media/", "api/v1/docs/", "_util/")


def walk() -> Iterator[tuple[str, str, URLPattern]]:
    def _walk(patterns, prefix: str, namespace: str):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                yield from _walk(p.url_patterns, route, ns or "")
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
                yield route, name, p

    for route, name, pattern in _walk(get_resolver().url_patterns, "", ""):
        if route.startswith(SKIP_PREFIXES) or route == "" or route.startswith("^"):
            continue  # Wagtail's page serving catch-all (regex routes) and admin are tested elsewhere
        yield route, name, pattern


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


@dataclass
class Objects:
    """Values for URL parameters, by (route prefix, parameter name) — most specific prefix wins."""

    values: dict[tuple[str, str], str] = field(default_factory=dict)

    def value_for(self, route: str, param: str) -> str:
        best = None
        for (prefix, name), value in self.values.items():
            if name == param and route.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
                best = (prefix, value)
        if best is None:
            raise LookupError(f"no value for <{param}> in {route}: add one to the URL walker's Objects")
        return best[1]


def fill(route: str, objects: Objects) -> str:
    if "(?P<format>" in route:  # DRF format-suffix duplicates
        return ""
    url = _PARAM.sub(lambda m: objects.value_for(route, m.group("name") or m.group("rname")), route)
    return "/" + url.replace("\\.", ".").replace("^", "").replace("$", "")


def project_urls(objects: Objects) -> list[tuple[str, str]]:
    """(name, URL) for every walked pattern (format-suffix duplicates dropped)."""
    out = []
    for route, name, _ in walk():
        url = fill(route, objects)
        if url:
            out.append((name or route, url))
    return sorted(set(out), key=lambda item: item[1])
