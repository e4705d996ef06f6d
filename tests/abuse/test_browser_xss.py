"""Stored hostile input rendered in a real Chromium: 0 executed script.

Hundreds of script-bearing payloads (the project corpus, plus a fixed sample of the shared XSS
list when present) are filed as suggestions, indexed, and rendered on the list, detail, "my suggestions" and
HQ search pages. The browser listens for dialogs (alert/confirm/prompt), checks the
`window.__pwned` sentinel the payloads would set, and counts CSP reports of blocked inline
script (which would mean markup got through unescaped even though the CSP stopped it)."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import sync_playwright

from partners.models import Field
from search import indexing
from suggestions import services
from suggestions.models import Suggestion
from tests.browser import ARTIFACTS, context_for, launch

from . import payloads

pytestmark = [pytest.mark.browser, pytest.mark.slow]


SHARED_SAMPLE = 300  # script payloads drawn from the shared XSS list, when it is present
OWN_FLOOR = 150  # the project's own script payloads (tests/abuse/payloads.json), always there


def _hostile_set() -> tuple[list[str], int]:
    """(payloads to file, how many there must be at least): the project's own script payloads
    always, plus a fixed sample of the shared corpus when `CHEONG_SHARED_DATA/hostile` is present.
    A present folder that yields fewer payloads than the sample fails the floor (it is not skipped)."""
    own = [p for p in payloads.script_payloads() if p in set(payloads.project_payloads())]
    shared = [p for p in payloads.script_payloads() if p not in set(own)]
    floor = max(OWN_FLOOR, len(own)) + (SHARED_SAMPLE if payloads.shared_dir().is_dir() else 0)
    return own + random.Random(66).sample(shared, min(SHARED_SAMPLE, len(shared))), floor


def test_stored_payloads_never_execute_in_chromium(live_server, transactional_db, world, clean_es):
    member, hq = world.member, world.hq
    traffic = Field.objects.get(name="교통")
    hostile, floor = _hostile_set()
    assert len(hostile) >= floor, (len(hostile), floor, str(payloads.shared_dir()))
    for i, payload in enumerate(hostile):
        services.file_suggestion(
            member,
            kind=Suggestion.Kind.PROPOSAL,
            title=f"가로등 {i} {payload}"[:200],
            body=f"<p>가로등 고장 {payload}</p>{payload}",
            field=traffic,
            visibility=Suggestion.Visibility.PUBLIC,
        )
    indexing.bulk_index_suggestions()
    clean_es.indices.refresh(index=indexing.index_name(indexing.SUGGESTIONS))
    ids = list(Suggestion.objects.order_by("pk").values_list("pk", flat=True))
    list_pages = (len(ids) + 19) // 20

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    blocked: list[str] = []
    visited = 0
    with sync_playwright() as p:
        browser = launch(p)
        try:
            probe = browser.new_page()  # the detectors work: an unescaped payload would be seen
            seen: list[str] = []
            probe.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
            probe.set_content("<img src=x onerror=alert(7)><script>window.__pwned=1</script>")
            probe.wait_for_timeout(100)
            assert seen == ["7"] and probe.evaluate("window.__pwned") == 1
            probe.close()
            for user, urls in (
                (member, [f"/suggestions/?page={n}" for n in range(1, list_pages + 1)] + ["/suggestions/mine/"]
                 + [f"/suggestions/{pk}/" for pk in ids[:: max(1, len(ids) // 40)]]),
                (hq, ["/hq/?q=가로등&size=100", "/hq/?q=가로등&size=100&page=2", "/hq/themes/?q=가로등"]),
            ):  # fmt: skip
                context = context_for(browser, live_server.url, user)
                context.add_init_script("window.__pwned = 0;")
                page = context.new_page()
                page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
                page.on(
                    "console",
                    lambda m: blocked.append(m.text) if "Refused to execute inline" in m.text else None,
                )
                for url in urls:
                    response = page.goto(live_server.url + url, wait_until="load")
                    assert response.status < 500, url
                    page.wait_for_timeout(50)  # let timers / animations fire
                    assert page.evaluate("window.__pwned") == 0, url
                    visited += 1
                page.screenshot(path=str(ARTIFACTS / f"xss-{user.username}.png"), full_page=False)
                context.close()
        finally:
            browser.close()
    assert visited >= 20
    assert dialogs == [], dialogs[:5]
    assert blocked == [], blocked[:5]
