"""Attachments: type by content, size limit, metadata (GPS) stripped, safe stored names."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from suggestions.attachments import AttachmentError, clean_upload
from suggestions.models import Attachment, Suggestion

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0132] = "2026:11:01 10:00:00"  # DateTime
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (37.0, 38.0, 18.0)
    gps[3] = "E"
    gps[4] = (127.0, 1.0, 29.0)
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the fixture really has GPS
    return data


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "집 주소: 서울시 어딘가")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_jpeg_gps_and_exif_are_stripped():
    cleaned = clean_upload(SimpleUploadedFile("../../사진 1.jpg", jpeg_with_gps(), content_type="image/jpeg"))
    assert cleaned.content_type == "image/jpeg"
    assert cleaned.original_name == "사진 1.jpg"  # no directory part
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", cleaned.content.name)
    out = Image.open(io.BytesIO(cleaned.content.read()))
    exif = out.getexif()
    assert len(exif) == 0 and not exif.get_ifd(GPS_IFD)
    assert out.size == (40, 30)


def test_png_text_chunks_are_stripped():
    cleaned = clean_upload(SimpleUploadedFile("a.png", png_with_text(), content_type="image/png"))
    out = Image.open(io.BytesIO(cleaned.content.read()))
    assert out.format == "PNG" and "Comment" not in out.info


def test_pdf_accepted_by_magic_not_by_name():
    cleaned = clean_upload(SimpleUploadedFile("report.bin", PDF, content_type="application/octet-stream"))
    assert cleaned.content_type == "application/pdf" and cleaned.content.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("evil.jpg", b"MZ\x90\x00 this is an exe", "파일만 올릴 수 있습니다"),
        ("page.png", b"<html><script>alert(1)</script></html>", "파일만 올릴 수 있습니다"),
        ("svg.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "파일만 올릴 수 있습니다"),
        ("broken.pdf", b"%PDF-1.4 no end", "손상된 PDF"),
        ("empty.jpg", b"", "비어 있습니다"),
    ],
)
def test_refused_files_have_clear_messages(name, data, message):
    with pytest.raises(AttachmentError) as exc:
        clean_upload(SimpleUploadedFile(name, data))
    assert message in " ".join(exc.value.messages)


def test_size_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(AttachmentError) as exc:
        clean_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048 + b"%%EOF"))
    assert "너무 큽니다" in " ".join(exc.value.messages)


def test_images_only_for_site_check_photos():
    with pytest.raises(AttachmentError):
        clean_upload(SimpleUploadedFile("x.pdf", PDF), images_only=True)


@pytest.mark.django_db
def test_upload_through_the_form_and_download_by_visible_users(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("suggestions:create"),
        {
            "kind": "proposal",
            "title": "사진 첨부 제안",
            "body": "첨부 확인",
            "field": world.fields["교통"].pk,
            "group": world.member.memberships.first().group_id,
            "visibility": "partners",
            "attachments": [
                SimpleUploadedFile("gps.jpg", jpeg_with_gps(), content_type="image/jpeg"),
                SimpleUploadedFile("doc.pdf", PDF, content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    s = Suggestion.objects.get(title="사진 첨부 제안")
    names = sorted(Attachment.objects.filter(suggestion=s).values_list("original_name", flat=True))
    assert names == ["doc.pdf", "gps.jpg"]
    image = Attachment.objects.get(suggestion=s, original_name="gps.jpg")
    assert "gps" not in image.file.name and not Image.open(image.file.path).getexif().get_ifd(GPS_IFD)
    download = client.get(reverse("suggestions:attachment", args=[s.pk, image.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(reverse("suggestions:attachment", args=[s.pk, image.pk])).status_code == 302  # login first


@pytest.mark.django_db
def test_refused_upload_files_nothing(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("suggestions:create"),
        {
            "kind": "proposal",
            "title": "나쁜 첨부",
            "body": "x",
            "field": world.fields["교통"].pk,
            "group": world.member.memberships.first().group_id,
            "visibility": "partners",
            "attachments": [SimpleUploadedFile("virus.jpg", b"MZ not an image")],
        },
    )
    assert response.status_code == 200
    assert "virus.jpg" in response.content.decode() and "파일만 올릴 수 있습니다" in response.content.decode()
    assert not Suggestion.objects.filter(title="나쁜 첨부").exists()
