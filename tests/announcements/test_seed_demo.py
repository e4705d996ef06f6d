"""seed_demo builds the demo site idempotently: default Site root, /announcements/, four announcements."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction, Site

from announcements.models import AnnouncementIndexPage, HomePage, PolicyAnnouncementPage


@pytest.mark.django_db
def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "partner_member" in out
    call_command("seed_demo")
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert AnnouncementIndexPage.objects.get().url == "/announcements/"
    pages = PolicyAnnouncementPage.objects.live()
    assert pages.count() == 4
    assert sum(p.is_open_for_proposals for p in pages) >= 2
    restricted = pages.not_public()
    assert restricted.count() >= 1
    restriction = PageViewRestriction.objects.get(page=restricted.first())
    assert {g.name for g in restriction.groups.all()} >= {"치안파트너스"}


@pytest.mark.django_db
def test_demo_police_accounts_verify_with_the_demo_totp_code(client, settings, capsys):
    """make run: police must pass TOTP; the demo enrols the documented demo secret and
    `manage.py demo_totp` prints the code that the real verify form accepts."""
    call_command("seed_demo")
    capsys.readouterr()
    login = client.post("/accounts/login/", {"username": "hq", "password": settings.DEMO_PASSWORD})
    assert login.status_code == 302
    assert client.get("/hq/")["Location"].startswith("/partners/otp/verify/")
    call_command("demo_totp")
    code = capsys.readouterr().out.strip()
    assert code.isdigit() and len(code) == 6
    verified = client.post("/partners/otp/verify/", {"token": code, "next": "/hq/"})
    assert verified.status_code == 302 and verified["Location"] == "/hq/"
    assert client.get("/hq/").status_code == 200
