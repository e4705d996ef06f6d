"""Hostile titles and bodies (the project's abuse corpus + a sample of the shared XSS list) are
inert in every rendered suggestion page: no script, no event handler, no javascript: URL."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from suggestions import services
from suggestions.models import Suggestion
from tests.abuse.payloads import project_payloads, xss_list

pytestmark = pytest.mark.django_db

FORBIDDEN_TAGS = {"iframe", "object", "embed", "svg", "math", "style", "base", "frame", "frameset", "img", "video"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        src = attrs.get("src") or ""
        # Only our own scripts: static files and Django's JavaScript translation catalog.
        if tag == "script" and not (src.startswith("/static/") or src == "/jsi18n/"):
            self.problems.append(f"inline script {attrs}")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "link" and not (attrs.get("href") or "").startswith("/static/"):
            self.problems.append(f"link {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                compact = "".join(ch for ch in (value or "") if ch > " ").lower()
                if compact.startswith(BAD_SCHEMES):
                    self.problems.append(f"{tag} {name}={value!r}")


def problems_in(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems


def payloads() -> list[str]:
    own = [p for p in project_payloads() if p.strip()]
    shared = xss_list()[::40]  # ~165 of 6,613, spread over the list
    return list(dict.fromkeys(own + shared))


def test_hostile_payloads_inert_in_detail_list_and_inbox(client, world):
    corpus = payloads()
    assert len(corpus) > 100
    ids = []
    for start in range(0, len(corpus), 12):
        chunk = corpus[start : start + 12]
        title = chunk[0][:150] or "제목"
        try:
            s = services.file_suggestion(
                world.member,
                kind=Suggestion.Kind.PROPOSAL,
                title=f"위험 {start} {title}",
                body="".join(f"<p>{p}</p>" for p in chunk),
                field=world.fields["교통"],
                visibility=Suggestion.Visibility.PUBLIC,
            )
        except Exception as exc:  # refusing a payload is fine; crashing is not
            assert exc.__class__.__name__ == "ValidationError", exc
            continue
        ids.append(s.pk)
    assert len(ids) > 10
    client.force_login(world.member_other)
    for pk in ids:
        html = client.get(reverse("suggestions:detail", args=[pk])).content.decode()
        assert problems_in(html) == [], pk
    for page in range(1, 4):
        listing = client.get(reverse("suggestions:list"), {"page": page}).content.decode()
        assert problems_in(listing) == []
    client.force_login(world.officer_traffic)  # police see originals: still sanitized
    for pk in ids[:10]:
        html = client.get(reverse("suggestions_inbox:detail", args=[pk])).content.decode()
        body = html.split('id="inbox-body"', 1)[1].split("</div>", 1)[0]
        assert problems_in("<div " + body) == [], pk
