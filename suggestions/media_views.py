"""Uploaded files under MEDIA_URL, served only through their owner's access check, in every setting.

Attachments and site-check photos can show people, plates and addresses, so `/media/` is never a
public folder (no `static()` route, no web-server alias): this view finds which row a stored name
belongs to and applies that row's rule. Names no row claims (Wagtail documents have their own
privacy-checked `/documents/` route) are 404, and so are files the user may not see, alike.

Wagtail CMS images (`images/`, `original_images/`) are published editorial content and are served
to everyone, as Wagtail itself does. With `MEDIA_ACCEL_REDIRECT` set (e.g. `/protected-media/`),
the file is handed to nginx through `X-Accel-Redirect` after the check (an `internal` location),
so gunicorn does not stream the bytes.
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from partners.access import principal_for

from . import selectors
from .models import Attachment, SiteCheck
from .referrals.models import SiteCheckPhoto

WAGTAIL_IMAGE_DIRS = ("images/", "original_images/")


def _serve(request, stored: FieldFile, content_type: str, download_name: str | None = None) -> HttpResponseBase:
    response: HttpResponseBase
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + str(stored.name)
    else:
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404(gettext("파일을 찾을 수 없습니다.")) from None
        response = FileResponse(handle, content_type=content_type)
    if download_name:
        response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # a shared cache must never keep a protected file
    return response


def serve_attachment(request, att: Attachment) -> HttpResponseBase:
    """An attachment the caller has already access-checked: PDFs download under a neutral name."""
    download = f"attachment-{att.pk}.pdf" if att.content_type == "application/pdf" else None
    return _serve(request, att.file, att.content_type, download)


def _wagtail_image(name: str) -> FieldFile | None:
    from wagtail.images import get_image_model

    image_model = get_image_model()
    image = image_model.objects.filter(file=name).first()
    if image is not None:
        return image.file
    rendition = image_model.get_rendition_model().objects.filter(file=name).first()
    return rendition.file if rendition is not None else None


@require_safe
def media(request, path: str) -> HttpResponseBase:
    name = posixpath.normpath(path).lstrip("/")
    if name != path or name.startswith(".."):
        raise Http404(gettext("파일을 찾을 수 없습니다."))
    principal = principal_for(request.user)
    attachment = Attachment.objects.filter(file=name).only("pk", "suggestion_id").first()
    if attachment is not None:
        return serve_attachment(request, selectors.access_attachment_by_id(principal, attachment.pk))
    check = SiteCheck.objects.filter(photo=name).only("pk", "suggestion_id").first()
    if check is not None:
        c = selectors.access_site_check_photo_by_id(principal, check.pk)
        return _serve(request, c.photo, mimetypes.guess_type(name)[0] or "application/octet-stream")
    photo = SiteCheckPhoto.objects.filter(file=name).only("pk", "site_check_id").first()
    if photo is not None:
        selectors.access_site_check_photo_by_id(principal, photo.site_check_id)
        return _serve(request, photo.file, mimetypes.guess_type(name)[0] or "application/octet-stream")
    if name.startswith(WAGTAIL_IMAGE_DIRS) and (image := _wagtail_image(name)) is not None:
        return _serve(request, image, mimetypes.guess_type(name)[0] or "application/octet-stream")
    raise Http404(gettext("파일을 찾을 수 없습니다."))
