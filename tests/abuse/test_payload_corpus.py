"""The hostile corpus itself: big enough, every category present, loader reads the shared lists."""

import pytest

from tests.abuse import payloads


def test_project_corpus_has_at_least_300_payloads_in_every_category():
    cats = payloads.categories()
    assert len(payloads.project_payloads()) + len(payloads.invalid_utf8()) >= 300
    for name in (
        "xss_event_handlers",
        "xss_script_tags",
        "xss_urls",
        "xss_svg",
        "xss_encoded",
        "xss_polyglot",
        "html_css_injection",
        "sql",
        "elasticsearch_syntax",
        "template_injection",
        "unicode",
        "path_traversal_filenames",
    ):
        assert len(cats[name]) >= 10, name
    assert any("\x00" in p for p in payloads.project_payloads())
    assert any("\u202e" in p for p in payloads.project_payloads())
    for raw in payloads.invalid_utf8():
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    assert max(len(p) for p in payloads.huge_fields()) >= 100_000


def test_shared_hostile_lists_are_loaded_when_present():
    if not payloads.shared_dir().exists():
        assert payloads.shared_payloads() == []
        return
    assert len(payloads.blns()) > 500
    assert len(payloads.xss_list()) > 6000
    assert len(payloads.script_payloads()) > 1000


def test_generated_upload_files():
    files = payloads.hostile_uploads()
    names = [name for name, _, _ in files]
    assert "shell.php.jpg" in names and "polyglot.gif" in names
    oversized = {n: c for n, c, _ in files}["oversized.png"]
    from django.conf import settings

    assert len(oversized) > settings.ATTACHMENT_MAX_BYTES
