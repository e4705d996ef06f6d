"""Re-rating: one rating per published answer version; the current rating is the one on the answer in
force; the 민원 flag; the department's view of ratings; satisfaction per department and month."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from suggestions import selectors, services
from suggestions.models import Rating
from suggestions.objections import selectors as objection_selectors
from suggestions.workflow import WorkflowError
from tests.suggestions.test_workflow import answer_and_publish


def correct(world, s, body="정정한 답변입니다."):
    v2 = services.save_answer_draft(
        world.officer_traffic, s, decision="partially_accepted", body=body, correction_reason="예산 변경"
    )
    services.submit_answer(world.officer_traffic, v2)
    return services.approve_answer(world.head_traffic, v2)


@pytest.mark.django_db
def test_a_corrected_answer_can_be_rated_again_and_becomes_current(world):
    s = world.file()
    v1 = answer_and_publish(world, s)
    first = services.rate(world.member, s, 1, "답변이 부실합니다", is_complaint=True)
    assert first.answer_id == v1.pk and first.is_complaint
    with pytest.raises(WorkflowError) as refused:
        services.rate(world.member, s, 2)  # the same version again
    assert "이미 만족도를 남겼습니다" in str(refused.value)
    assert s.current_rating == first

    v2 = correct(world, s)
    assert s.current_rating is None  # the corrected answer is not rated yet
    assert selectors.rating(s, world.principal(world.member)) is None
    second = services.rate(world.member, s, 5, "정정 감사합니다")
    assert second.answer_id == v2.pk and not second.is_complaint
    assert s.current_rating == second
    assert list(Rating.objects.filter(suggestion=s).values_list("score", flat=True)) == [1, 5]
    with pytest.raises(WorkflowError):
        services.rate(world.member, s, 4)  # v2 is rated now
    with pytest.raises(PermissionDenied):
        services.rate(world.representative, s, 5)  # still only the author


@pytest.mark.django_db
def test_department_stats_count_the_current_rating_only(world):
    s = world.file()
    answer_and_publish(world, s)
    services.rate(world.member, s, 1)
    correct(world, s)
    services.rate(world.member, s, 5)
    traffic = next(st for st in selectors.department_stats() if st.department.slug == "traffic")
    assert traffic.satisfaction == 5.0 and traffic.ratings == 1


@pytest.mark.django_db
def test_satisfaction_by_department_and_month_counts_every_rated_version(world):
    s = world.file()
    answer_and_publish(world, s)
    services.rate(world.member, s, 1, is_complaint=True)
    correct(world, s)
    services.rate(world.member, s, 4)
    rows = [r for r in objection_selectors.satisfaction_by_department_month() if r.department == world.traffic.name]
    assert len(rows) == 1
    row = rows[0]
    assert (row.ratings, row.average, row.low, row.complaints) == (2, 2.5, 1, 1)


@pytest.mark.django_db
def test_rating_form_ticks_complaint_and_the_public_page_shows_numbers_only(world, client):
    s = world.file(title="횡단보도 설치 요청")
    answer_and_publish(world, s)
    client.force_login(world.member)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert 'name="is_complaint"' in page
    client.post(
        reverse("suggestions:rate", args=[s.pk]), {"score": 2, "comment": "연락 010-1234-5678", "is_complaint": "on"}
    )
    rating = s.current_rating
    assert rating is not None and rating.score == 2 and rating.is_complaint
    client.logout()
    public = client.get(reverse("suggestions:departments")).content.decode()
    assert "부서별·월별 만족도" in public and 'id="satisfaction-by-month"' in public
    assert "010-1234-5678" not in public and "횡단보도 설치 요청" not in public  # numbers only


@pytest.mark.django_db
def test_department_admin_page_shows_ratings_masked_with_the_complaint_flag(world, client):
    s = world.file()
    answer_and_publish(world, s)
    services.rate(world.member, s, 1, "제 번호 010-1234-5678 로 연락 주세요", is_complaint=True)
    client.force_login(world.officer_traffic)
    page = client.get(reverse("suggestions_objections:index")).content.decode()
    assert 'id="department-ratings"' in page and "1/5" in page and "민원으로 접수" in page
    assert "010-1234-5678" not in page  # masked
    client.force_login(world.member)
    assert client.get(reverse("suggestions_objections:index")).status_code in (302, 404)  # not for partners


@pytest.mark.django_db
def test_api_rate_accepts_the_complaint_flag_and_rates_each_version(world):
    from rest_framework.test import APIClient

    s = world.file()
    answer_and_publish(world, s)
    api = APIClient()
    api.force_authenticate(world.member)
    url = f"/api/v1/suggestions/{s.pk}/rate/"
    r = api.post(url, {"score": 2, "is_complaint": True}, format="json")
    assert r.status_code == 201 and r.json()["is_complaint"] is True
    assert api.post(url, {"score": 3}, format="json").status_code == 409
    correct(world, s)
    assert api.post(url, {"score": 4}, format="json").status_code == 201


@pytest.mark.django_db
def test_hq_overview_shows_monthly_satisfaction_beside_the_callback_outcomes(world, client):
    s = world.file()
    answer_and_publish(world, s)
    services.rate(world.member, s, 3)
    client.force_login(world.hq)
    page = client.get(reverse("suggestions:hq")).content.decode()
    assert 'id="satisfaction-by-month"' in page and 'id="callback-outcomes"' in page
    assert f'<th scope="row">{world.traffic.name}</th><td>1</td>' in page
    client.force_login(world.member)
    assert client.get(reverse("suggestions:hq")).status_code == 404
