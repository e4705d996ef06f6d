"""Debian Chromium through Playwright (never `playwright install`), and how every browser test signs
in: `context_for` (a new context, signed in by session cookie) or, where the login form is part of
what the test walks, `log_in` (through the form on an open page)."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from playwright._impl._api_structures import SetCookieParam  # the type add_cookies takes (not re-exported)
from playwright.sync_api import Browser, BrowserContext, Page, Playwright

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


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def _session_cookie(user: User, live_server_url: str) -> SetCookieParam:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server_url}


def context_for(
    browser: Browser,
    live_server_url: str,
    user: User | None = None,
    *,
    locale: str | None = "ko-KR",
    language: str | None = None,
    **options: Any,
) -> BrowserContext:
    """A new context signed in as `user` (None: anonymous); `language` sets the site's language
    cookie, `locale=None` keeps Chromium's own; other options go to `browser.new_context`."""
    if locale is not None:
        options["locale"] = locale
    context = browser.new_context(**options)
    cookies: list[SetCookieParam] = [_session_cookie(user, live_server_url)] if user is not None else []
    if language is not None:
        cookies.append({"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server_url})
    if cookies:
        context.add_cookies(cookies)
    return context


def log_in(page: Page, live_server_url: str, user: User, next_url: str | None = None) -> None:
    """Sign `user` in through the login form on `page` (for tests that walk the form) with the demo
    password, and wait for `next_url` (the form's default: /)."""
    from tests.world import police_device, totp_code

    query = f"?next={next_url}" if next_url is not None else ""
    police = _is_police(user)
    device = police_device(user) if police else None  # the police enrolled TOTP (required for them)
    page.goto(f"{live_server_url}/accounts/login/{query}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.click("main button[type=submit].primary")
    if device is not None:  # the police complete TOTP with a code computed from their real device
        page.wait_for_url(lambda url: "/partners/otp/verify/" in url)
        page.fill("#id_token", totp_code(device))
        page.click("main button[type=submit].primary")
    page.wait_for_url(f"{live_server_url}{next_url or '/'}")


def signed_in_page(
    browser: Browser, live_server_url: str, user: User, next_url: str, *, timeout_ms: int | None = None
) -> tuple[BrowserContext, Page]:
    """A new context and page, `user` signed in through the real form (TOTP for the police) and on
    `next_url`; `timeout_ms` raises Playwright's default wait for slow journeys."""
    context = context_for(browser, live_server_url)
    if timeout_ms is not None:
        context.set_default_timeout(timeout_ms)
    page = context.new_page()
    log_in(page, live_server_url, user, next_url)
    return context, page


def _is_police(user: User) -> bool:
    from partners.access import needs_second_factor, principal_for

    return needs_second_factor(principal_for(User.objects.get(pk=user.pk)))
