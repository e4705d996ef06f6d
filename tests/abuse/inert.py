"""Is a rendered page free of injected script? Parsed as a browser would (html.parser)."""

from __future__ import annotations

from html.parser import HTMLParser

SAFE_SCRIPT_PREFIXES = ("/static/", "/jsi18n/")  # our own files and Django's JavaScript catalog
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        static = (attrs.get("src") or "").startswith(SAFE_SCRIPT_PREFIXES)
        if tag == "script" and not static and attrs.get("type") != "application/json":
            self.problems.append(f"<script {attrs}>")
        if tag in ("iframe", "object", "embed", "base", "frame", "frameset", "svg", "math"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and attrs.get("http-equiv"):
            self.problems.append(f"<meta http-equiv={attrs['http-equiv']}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and value:
                cleaned = "".join(ch for ch in value if ch not in "\t\n\r").strip("\x00 ").lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"<{tag} {name}={value[:40]}>")
            if name == "style" and ("expression(" in (value or "") or "javascript:" in (value or "")):
                self.problems.append(f"<{tag} style={value[:40]}>")


def injected_markup(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.problems
