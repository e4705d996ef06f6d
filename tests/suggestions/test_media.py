"""Uploaded media (attachments, site-check photos) under /media/ only through their access check,
whatever DEBUG says; no public route on MEDIA_ROOT in any URL configuration."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import resolve
from django.views.static import serve

from suggestions import media_views
from suggestions.attachments import clean_upload
from suggestions.models import Attachment, SiteCheck, Suggestion
from tests.suggestions.test_attachments import PDF, jpeg_with_gps

pytestmark = pytest.mark.django_db


def police_only(world) -> Suggestion:
    """Seen by its author, its department, HQ: not by other partners nor the public."""
    return world.file(visibility=Suggestion.Visibility.POLICE)


def attach(s: Suggestion, data: bytes = PDF) -> Attachment:
    cleaned = clean_upload(ContentFile(data, name="민원.pdf"))
    return Attachment.objects.create(
        suggestion=s,
        file=cleaned.content,
        original_name=cleaned.original_name,
        content_type=cleaned.content_type,
        size=cleaned.size,
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_attachment_under_media_is_served_only_to_who_may_see_its_suggestion(client, world):
    att = attach(police_only(world))
    url = settings.MEDIA_URL + att.file.name
    assert Path(att.file.path).exists() and att.file.name.startswith("attachments/")

    assert client.get(url).status_code == 404  # anonymous: as if it did not exist
    client.force_login(world.member_other)  # another partner
    assert client.get(url).status_code == 404

    client.force_login(world.member)  # the author
    response = client.get(url)
    assert response.status_code == 200 and body(response) == PDF
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]


def test_a_site_check_photo_is_access_checked_too(client, world):
    s = police_only(world)
    photo = clean_upload(ContentFile(jpeg_with_gps(), name="현장.jpg"), images_only=True)
    check = SiteCheck.objects.create(
        suggestion=s,
        scheduled_for=dt.date(2026, 12, 1),
        done_on=dt.date(2026, 12, 2),
        result="확인",
        photo=photo.content,
    )
    url = check.photo.url  # what the detail page links to
    assert url.startswith(settings.MEDIA_URL)
    assert client.get(url).status_code == 404
    client.force_login(world.member_other)
    assert client.get(url).status_code == 404
    client.force_login(world.officer_traffic)  # the department that handles it
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert body(response)[:2] == b"\xff\xd8"


def test_files_no_row_claims_and_traversal_are_404(client, world):
    client.force_login(world.admin)
    stray = Path(settings.MEDIA_ROOT) / "attachments" / "stray.pdf"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(PDF)  # on disk, but no Attachment row: not served
    try:
        assert client.get(settings.MEDIA_URL + "attachments/stray.pdf").status_code == 404
        assert client.get(settings.MEDIA_URL + "attachments/../attachments/stray.pdf").status_code == 404
        assert client.get(settings.MEDIA_URL + "documents/x.pdf").status_code == 404
    finally:
        stray.unlink()


def test_accel_redirect_hands_the_file_to_the_web_server_only_after_the_check(client, world):
    att = attach(police_only(world))
    url = settings.MEDIA_URL + att.file.name
    with override_settings(MEDIA_ACCEL_REDIRECT="/protected-media/"):
        assert client.get(url).status_code == 404
        client.force_login(world.member)
        response = client.get(url)
    assert response.status_code == 200 and response["X-Accel-Redirect"] == f"/protected-media/{att.file.name}"
    assert response.content == b""


@pytest.mark.parametrize("debug", [True, False])
def test_no_url_configuration_serves_media_root_publicly(debug):
    """config/urls.py as built under DEBUG=True (make run) and False (production): /media/ always
    resolves to the access-checked view, never to django.views.static.serve."""
    with override_settings(DEBUG=debug):
        spec = importlib.util.spec_from_file_location(f"urls_debug_{debug}", settings.BASE_DIR / "config" / "urls.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    match = resolve(settings.MEDIA_URL + "attachments/2026/12/a.pdf", urlconf=module)
    assert match.func is not serve
    assert match.func is media_views.media


def test_wagtail_cms_images_stay_public(client, world):
    """Editorial images of the CMS pages are published content: served to everyone, as Wagtail does."""
    import io

    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    out = io.BytesIO()
    PILImage.new("RGB", (8, 8), (0, 90, 200)).save(out, format="PNG")
    image = get_image_model().objects.create(title="공지 그림", file=ContentFile(out.getvalue(), name="notice.png"))
    response = client.get(image.file.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert body(response) == out.getvalue()
