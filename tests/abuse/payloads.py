"""Hostile input for the abuse tests.

`payloads.json` beside this file is the project's own corpus (≥ 300 strings by category, plus byte
sequences that are not UTF-8). When the shared folder `settings.SHARED_DATA_DIR / "hostile"` is
present, `shared_payloads()` adds the Big List of Naughty Strings and the 6,613-line XSS payload
list. Upload files (polyglots, oversized, fake images) are generated here, never committed.
"""

from __future__ import annotations

import io
import json
import struct
import zlib
from functools import cache
from pathlib import Path

from django.conf import settings

HERE = Path(__file__).resolve().parent
SENTINEL_JS = "window.__pwned=1"


@cache
def _corpus() -> dict:
    return json.loads((HERE / "payloads.json").read_text(encoding="utf-8"))


def categories() -> dict[str, list[str]]:
    """Category → strings (the project's own corpus)."""
    return {k: v for k, v in _corpus().items() if not k.startswith("_") and k != "invalid_utf8_hex"}


def project_payloads() -> list[str]:
    return [p for values in categories().values() for p in values]


def invalid_utf8() -> list[bytes]:
    return [bytes.fromhex(h) for h in _corpus()["invalid_utf8_hex"]]


def huge_fields() -> list[str]:
    """Generated oversized values: long Korean text, a long single token, deep nesting, many links."""
    return [
        "가로등 고장 " * 2000,  # ~14k chars
        "가" * 100_000,
        "<p>" * 5000 + "깊은 중첩" + "</p>" * 5000,
        '<a href="https://example.com">링크</a> ' * 3000,
        "<script>alert(1)</script>" * 2000,
        "\u200b" * 50_000,
    ]


def shared_dir() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "hostile"


@cache
def blns() -> list[str]:
    path = shared_dir() / "blns.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


@cache
def xss_list() -> list[str]:
    path = shared_dir() / "xss-payload-list.txt"
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]


def shared_payloads() -> list[str]:
    return blns() + xss_list()


def all_payloads() -> list[str]:
    """Own corpus + shared lists (when present), de-duplicated, order kept."""
    return list(dict.fromkeys(project_payloads() + shared_payloads()))


def script_payloads() -> list[str]:
    """Payloads that would run script if rendered raw: they call alert() or set the sentinel flag."""
    return [p for p in all_payloads() if "alert" in p.lower() or "__pwned" in p or "prompt(" in p or "confirm(" in p]


# --- generated upload files -----------------------------------------------------------------


def _png(width: int, height: int, payload: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x00" * width * 3 for _ in range(min(height, 1)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    text = chunk(b"tEXt", b"Comment\x00" + payload) if payload else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + text + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def valid_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def hostile_uploads() -> list[tuple[str, bytes, str]]:
    """(file name, content, claimed content type): each should be refused or stored inertly."""
    gif_js = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=1;alert(1);//"
    jpeg_php = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<?php system($_GET['c']); ?>\xff\xd9"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
    html = b"<!doctype html><script>alert(1)</script>"
    oversized = b"\x89PNG\r\n\x1a\n" + b"\x00" * (settings.ATTACHMENT_MAX_BYTES + 1024)
    return [
        ("polyglot.gif", gif_js, "image/gif"),
        ("shell.php.jpg", jpeg_php, "image/jpeg"),
        ("shell.php\x00.jpg", jpeg_php, "image/jpeg"),
        ("../../etc/passwd.png", valid_png(), "image/png"),
        ("xss.svg", svg, "image/svg+xml"),
        ("page.html.png", html, "image/png"),
        ("bomb.png", _png(60_000, 60_000), "image/png"),  # decompression bomb header
        ("comment.png", _png(1, 1, b"<script>alert(1)</script>"), "image/png"),
        ("truncated.png", valid_png()[:30], "image/png"),
        ("empty.jpg", b"", "image/jpeg"),
        ("oversized.png", oversized, "image/png"),
        ("report.pdf.exe", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf"),
    ]
