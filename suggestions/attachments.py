"""Attachment checks: images and PDF only, judged by content (not by name or browser type).

Images are opened with Pillow and re-saved from their pixels, which drops every metadata block
(EXIF incl. GPS, XMP, comments); PDFs must start with the %PDF- magic. Stored names are random
(never the user's path); the user's file name is kept, cleaned, only for display.
"""

from __future__ import annotations

import io
import os
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "GIF": ("png", "image/png")}
WEBP = {"WEBP": ("webp", "image/webp")}
PDF_MAGIC = b"%PDF-"
MAX_PIXELS = 40_000_000


class AttachmentError(ValidationError):
    """A refused file; the message says why in Korean."""


@dataclass
class CleanedFile:
    content: ContentFile
    original_name: str
    content_type: str
    size: int


def display_name(name: str) -> str:
    """The user's file name without any directory part or control characters."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = re.sub(r"[\x00-\x1f\x7f<>:\"|?*]", "", base)
    return (base or "file")[:200]


def _read(upload) -> bytes:
    limit = settings.ATTACHMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise AttachmentError(_too_big(upload, limit), code="too_big")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise AttachmentError(_too_big(upload, limit), code="too_big")
    if not data:
        raise AttachmentError(
            gettext("‘%(name)s’ 파일이 비어 있습니다.") % {"name": display_name(upload.name)}, code="empty"
        )
    return data


def _too_big(upload, limit: int) -> str:
    return gettext("‘%(name)s’ 파일이 너무 큽니다 (최대 %(mb)dMB).") % {
        "name": display_name(upload.name),
        "mb": limit // (1024 * 1024),
    }


def _clean_image(data: bytes, name: str) -> tuple[bytes, str, str]:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        img: Image.Image = Image.open(io.BytesIO(data))
        fmt = img.format
        allowed = {**IMAGE_FORMATS, **WEBP}
        if fmt not in allowed:
            raise AttachmentError(
                gettext("‘%(name)s’: 지원하지 않는 이미지 형식입니다 (%(fmt)s).") % {"name": name, "fmt": fmt},
                code="type",
            )
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise AttachmentError(
            gettext("‘%(name)s’: 이미지 파일을 읽을 수 없습니다.") % {"name": name}, code="corrupt"
        ) from exc
    # Apply the EXIF orientation to the pixels, then build a fresh image from pixels only.
    img = ImageOps.exif_transpose(img)
    ext, content_type = allowed[fmt]
    out = io.BytesIO()
    if ext == "jpg":
        clean = img.convert("RGB")
        fresh = Image.new(clean.mode, clean.size)
        fresh.paste(clean)
        fresh.save(out, format="JPEG", quality=88, optimize=True)
    elif ext == "webp":
        mode = "RGBA" if img.mode in ("RGBA", "LA", "P") else "RGB"
        clean = img.convert(mode)
        fresh = Image.new(mode, clean.size)
        fresh.paste(clean)
        fresh.save(out, format="WEBP", quality=88)
    else:
        mode = "RGBA" if img.mode in ("RGBA", "LA", "P", "PA") else "RGB"
        clean = img.convert(mode)
        fresh = Image.new(mode, clean.size)
        fresh.paste(clean)
        fresh.save(out, format="PNG", optimize=True)
    return out.getvalue(), ext, content_type


def clean_upload(upload, *, images_only: bool = False) -> CleanedFile:
    """Check and clean one uploaded file; raises AttachmentError with a clear Korean message."""
    name = display_name(getattr(upload, "name", "") or "file")
    data = _read(upload)
    if data.startswith(PDF_MAGIC) and not images_only:
        if b"%%EOF" not in data[-2048:]:
            raise AttachmentError(gettext("‘%(name)s’: 손상된 PDF 파일입니다.") % {"name": name}, code="corrupt")
        body, ext, content_type = data, "pdf", "application/pdf"
    else:
        try:
            with Image.open(io.BytesIO(data)):
                pass
            is_image = True
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            is_image = False
        if not is_image:
            allowed = (
                gettext("이미지(JPG·PNG·GIF·WEBP)") if images_only else gettext("이미지(JPG·PNG·GIF·WEBP) 또는 PDF")
            )
            raise AttachmentError(
                gettext("‘%(name)s’: %(allowed)s 파일만 올릴 수 있습니다.") % {"name": name, "allowed": allowed},
                code="type",
            )
        body, ext, content_type = _clean_image(data, name)
    stored = f"{uuid.uuid4().hex}.{ext}"
    return CleanedFile(ContentFile(body, name=stored), name, content_type, len(body))
