"""현장진단 through the inbox pages: planning for a crime-prevention officer, the CPTED checklist
(and HQ editing the list in the Wagtail admin), several photos behind the access check."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from suggestions.models import Suggestion, TimelineEvent
from suggestions.referrals import selectors, site_checks
from suggestions.referrals.models import ChecklistItem, SiteCheck, SiteCheckItem, SiteCheckPhoto
from tests.suggestions.test_attachments import PDF, jpeg_with_gps

pytestmark = pytest.mark.django_db
G, P, NA = SiteCheckItem.Result.GOOD, SiteCheckItem.Result.POOR, SiteCheckItem.Result.NA


def act(client, s, name, data):
    response = client.post(reverse("suggestions_inbox:action", args=[s.pk, name]), data)
    assert response.status_code == 302, response.content[:300]
    return client.get(response["Location"]).content.decode()


def planned(client, world, s) -> SiteCheck:
    client.force_login(world.officer_traffic)
    page = act(
        client,
        s,
        "plan_site_check",
        {"scheduled_for": "2026-12-03", "due_date": "2026-12-10", "assigned_to": world.officer_safety.pk},
    )
    assert "현장 진단을 등록했습니다." in page
    return SiteCheck.objects.get(suggestion=s)


def test_only_a_crime_prevention_officer_can_be_assigned(client, world, checklist):
    s = world.file()
    client.force_login(world.officer_traffic)
    page = act(client, s, "plan_site_check", {"scheduled_for": "2026-12-03", "assigned_to": world.officer_traffic.pk})
    assert not SiteCheck.objects.filter(suggestion=s).exists() and "올바르게 선택해 주세요" in page
    with pytest.raises(ValidationError, match="범죄예방"):
        site_checks.plan_site_check(
            world.officer_traffic, s, scheduled_for=s.created_at.date(), assigned_to=world.officer_traffic
        )
    check = planned(client, world, s)
    assert check.assigned_to == world.officer_safety and check.due_date.isoformat() == "2026-12-10"


def test_the_checklist_needs_every_item_before_it_is_done_and_saves_nothing_half_way(client, world, checklist):
    s = world.file()
    check = planned(client, world, s)
    items = {i.label: i for i in checklist}
    partial = {f"result_{items['조명'].pk}": P, f"note_{items['조명'].pk}": "보안등 2개 소등", "finding": "어두움"}
    page = act(client, s, "site_checklist", {"site_check": check.pk, **partial, "done_on": "2026-12-03"})
    assert "결과를 적지 않은 항목이 있습니다" in page and "CCTV" in page
    assert not SiteCheckItem.objects.filter(site_check=check).exists()  # refused: nothing kept
    page = act(client, s, "site_checklist", {"site_check": check.pk, **partial})  # a draft without the date
    assert "점검표를 저장했습니다." in page
    assert SiteCheckItem.objects.get(site_check=check).note == "보안등 2개 소등"
    full = {f"result_{i.pk}": G for i in checklist} | {
        f"result_{items['조명'].pk}": P,
        f"result_{items['출입 통제'].pk}": NA,
    }
    page = act(
        client,
        s,
        "site_checklist",
        {"site_check": check.pk, **full, "finding": "골목 안쪽 조도 부족", "done_on": "2026-12-03"},
    )
    assert "현장 진단 결과를 등록했습니다." in page
    check.refresh_from_db()
    assert check.done_on.isoformat() == "2026-12-03" and check.result == "골목 안쪽 조도 부족"
    results = dict(SiteCheckItem.objects.filter(site_check=check).values_list("item__label", "result"))
    assert (
        results["조명"] == P and results["출입 통제"] == NA and results["CCTV"] == G and len(results) == len(checklist)
    )
    done = s.events.get(kind=TimelineEvent.Kind.SITE_CHECK_DONE)
    assert done.data["poor_items"] == ["조명"]
    # An officer of another department cannot touch it (the inbox answers 404).
    client.force_login(world.officer_safety)  # assigned, but not of the handling department's inbox
    response = client.post(reverse("suggestions_inbox:action", args=[s.pk, "site_checklist"]), {"site_check": check.pk})
    assert response.status_code == 404


def test_hq_edits_the_checklist_in_the_admin_and_the_form_follows(client, world, checklist):
    s = world.file()
    check = planned(client, world, s)
    signage = ChecklistItem.objects.get(label="안내 표지")
    SiteCheckItem.objects.create(site_check=check, item=signage, result=P)
    client.force_login(world.hq)
    listing = client.get("/admin/snippets/suggestions/checklistitem/")
    assert listing.status_code == 200 and "비상벨" in listing.content.decode()
    added = client.post(
        "/admin/snippets/suggestions/checklistitem/add/",
        {"label": "야간 통행량", "guidance": "", "order": "70", "active": "on"},
    )
    assert added.status_code == 302, added.content.decode()[:500]
    edited = client.post(
        f"/admin/snippets/suggestions/checklistitem/edit/{signage.pk}/",
        {"label": "안내 표지", "order": "50", "guidance": ""},
    )
    assert edited.status_code == 302, edited.content.decode()[:500]
    assert not ChecklistItem.objects.get(pk=signage.pk).active
    client.force_login(world.officer_traffic)
    page = client.get(reverse("suggestions_inbox:detail", args=[s.pk])).content.decode()
    assert "야간 통행량" in page
    assert "안내 표지" in page  # retired, but this check's result keeps its row
    other = SiteCheck.objects.create(suggestion=s, scheduled_for=check.scheduled_for)
    rows = {c.pk: [r.item.label for r in c.checklist_rows] for c in selectors.site_checks(s)}
    assert "안내 표지" not in rows[other.pk] and "야간 통행량" in rows[other.pk]
    client.force_login(world.officer_traffic)  # officers cannot edit the list
    assert client.get("/admin/snippets/suggestions/checklistitem/add/").status_code in (302, 403)


def test_photos_upload_several_refuse_bad_files_and_are_served_only_to_author_and_police(client, world, checklist):
    s = world.file()  # a public report: the photos still are not public
    assert s.visibility == Suggestion.Visibility.PUBLIC
    check = planned(client, world, s)
    jpg = lambda n: SimpleUploadedFile(f"현장{n}.jpg", jpeg_with_gps(), content_type="image/jpeg")  # noqa: E731
    bad = SimpleUploadedFile("메모.pdf", PDF, content_type="application/pdf")
    page = act(client, s, "site_photos", {"site_check": check.pk, "photos": [jpg(1), bad]})
    assert "파일만 올릴 수 있습니다" in page and not SiteCheckPhoto.objects.exists()  # none of the two kept
    page = act(client, s, "site_photos", {"site_check": check.pk, "photos": [jpg(1), jpg(2)]})
    assert "사진을 올렸습니다." in page
    photos = list(SiteCheckPhoto.objects.filter(site_check=check))
    assert len(photos) == 2 and all("현장" not in p.file.name for p in photos)
    url = photos[0].file.url
    assert url.startswith(settings.MEDIA_URL) and url in page
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(world.member_other)
    assert client.get(url).status_code == 404
    for user in (world.member, world.officer_traffic, world.hq):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg", user
        data = b"".join(response.streaming_content)
        assert data[:2] == b"\xff\xd8" and b"TestCam" not in data  # EXIF gone
