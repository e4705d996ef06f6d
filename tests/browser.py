"""Debian Chromium through Playwright (never `playwright install`), logged in by session cookie."""

from __future__ import annotations

import os

from django.conf import settings
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = settings.BASE_DIR / "tests" / "artifacts"


def launch(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def context_for(browser, live_server_url: str, user=None):
    context = browser.new_context(locale="ko-KR")
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}])
    return context
