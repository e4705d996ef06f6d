"""Security headers, CSRF on every form, login lockout (django-axes), `check --deploy` clean."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.conftest import ROOT

from .conftest import client_for
from .urlwalk import project_urls


@pytest.mark.django_db
def test_security_headers_on_every_kind_of_response(world):
    client = Client()
    client.force_login(world.hq)
    for url in ["/", "/accounts/login/", "/suggestions/", "/api/v1/schema/", "/healthz", "/no-such-page/"]:
        _check_headers(client.get(url))


def _check_headers(response):
    assert response.status_code < 500
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_production_settings_hsts_secure_cookies_and_check_deploy():
    """Exactly what `make check` runs, plus a request through the production stack for HSTS."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "check-deploy-0123456789-a-long-random-secret-value-xyz-abcdefghij",
        "DJANGO_ALLOWED_HOSTS": "cheong.example",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://cheong@127.0.0.1:54329/cheong"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:63799/0"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright in this test process, never in deployment
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import override_settings\n"
        "# no collectstatic here: plain static storage instead of the manifest one\n"
        "override_settings(STORAGES={'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'},"
        " 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}).enable()\n"
        "r = Client(HTTP_HOST='cheong.example').get('/accounts/login/', secure=True)\n"
        "print(r.status_code, r.get('Strict-Transport-Security'), r.cookies['csrftoken']['secure'])\n"
        "r = Client(HTTP_HOST='cheong.example').get('/accounts/login/')\n"
        "print(r.status_code, r.get('Location'))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    secure_line, plain_line = run.stdout.strip().splitlines()[-2:]
    status, rest = secure_line.split(" ", 1)
    hsts, cookie_secure = rest.rsplit(" ", 1)
    assert status == "200"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert cookie_secure == "True"
    assert plain_line.startswith("301 https://cheong.example/accounts/login/")


@pytest.mark.django_db
def test_csrf_enforced_on_every_form(authz):
    for role in ["anonymous", "member", "officer", "hq"]:
        _csrf_sweep(authz, role)


def _csrf_sweep(authz, role):
    """POST without a token to every URL: the CSRF check refuses before any view runs — except the
    token-authenticated API (no cookies, no CSRF), which still refuses anonymous writes."""
    client = client_for(authz.users, role, enforce_csrf_checks=True)
    refused = 0
    for name, url in project_urls(authz.objects):
        response = client.post(url, {"title": "csrf"})
        assert response.status_code < 500, (name, url, response.status_code)
        if name == "api-v1:auth-token":  # credentials in the body, no cookie: nothing to forge; bad body → 400
            # (429 once the suite has used the endpoint's own 20/minute limit: refused all the same)
            assert response.status_code in (400, 429), (name, url, response.status_code)
            continue
        if url.startswith("/api/"):
            assert response.status_code in (401, 403, 404, 405), (name, url, response.status_code)
            continue
        if response.status_code == 405:  # GET-only view
            continue
        assert response.status_code == 403, f"{role} POST {url} ({name}) without CSRF token → {response.status_code}"
        assert b"CSRF" in response.content or b"csrf" in response.content.lower()
        refused += 1
    assert refused >= 10


@pytest.mark.django_db
def test_session_api_write_needs_csrf_token(authz):
    client = client_for(authz.users, "member", enforce_csrf_checks=True)
    response = client.post(f"/api/v1/suggestions/{authz.public.pk}/support/", content_type="application/json", data={})
    assert response.status_code == 403


@pytest.mark.django_db
def test_login_lockout_after_five_failures(world, settings):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/accounts/login/", {"username": "partner_member", "password": "wrong-password-1"})
        if attempt < settings.AXES_FAILURE_LIMIT:
            assert response.status_code == 200  # the form again, with an error
            assert response.context["form"].errors
        else:
            assert response.status_code == 429  # the 5th failure locks
    locked = client.post("/accounts/login/", {"username": "partner_member", "password": settings.DEMO_PASSWORD})
    assert locked.status_code == 429  # even the right password
    assert "잠" in locked.content.decode() or "lock" in locked.content.decode().lower()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out for the same user (lockout is per username + IP).
    other = Client(REMOTE_ADDR="203.0.113.8")
    ok = other.post("/accounts/login/", {"username": "partner_member", "password": settings.DEMO_PASSWORD})
    assert ok.status_code == 302
