"""The Content-Security-Policy header: settings.CONTENT_SECURITY_POLICY, plus the tile server's origin
in img-src when settings.MAP_TILES_URL is configured (no tile server is allowed otherwise)."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.conf import settings


def tiles_origin(url: str) -> str:
    """`https://tiles.example` for `https://tiles.example/{z}/{x}/{y}.png`; "" for none or a relative URL."""
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


@functools.lru_cache(maxsize=8)
def _with_origin(policy: str, origin: str) -> str:
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    for i, directive in enumerate(directives):
        if directive.split()[0] == "img-src":
            directives[i] = f"{directive} {origin}"
            break
    else:
        directives.append(f"img-src 'self' {origin}")
    return "; ".join(directives)


def content_security_policy() -> str:
    policy = settings.CONTENT_SECURITY_POLICY
    origin = tiles_origin(getattr(settings, "MAP_TILES_URL", ""))
    return _with_origin(policy, origin) if policy and origin else policy
