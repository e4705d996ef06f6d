"""이의신청: one objection per published answer version by its proposer, due in 14 business days,
masked on display; the department takes it up and answers; the proposer and the department are told.
Bad input: empty reason, a second objection on the same version, not the proposer (404), before an
answer; through the services, the proposal page, the Wagtail admin page and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import AuditLog
from suggestions import deadlines
from suggestions.callbacks.models import CallbackCase
from suggestions.models import Notification, Objection
from suggestions.objections import selectors, services
from suggestions.workflow import WorkflowError
from tests.suggestions.test_rerating import correct
from tests.suggestions.test_workflow import answer_and_publish

PHONE = "010-9876-5432"


@pytest.fixture
def answered(world):
    s = world.file(title="통학로 과속 단속 요청")
    answer_and_publish(world, s)
    return s


@pytest.mark.django_db
def test_filing_sets_the_clock_tells_the_department_and_is_audited(world, answered):
    obj = services.file_objection(world.member, answered, f"<b>답변이</b> 현장과 다릅니다. 연락 {PHONE}")
    assert obj.state == Objection.State.RECEIVED and obj.reason == f"답변이 현장과 다릅니다. 연락 {PHONE}"
    assert obj.due_date == deadlines.add_business_days(deadlines.local_today(), 14)
    assert obj.answer.state == "published" and obj.answer.suggestion_id == answered.pk
    notes = Notification.objects.filter(kind="objection_filed", suggestion=answered)
    assert {n.user_id for n in notes} >= {world.officer_traffic.pk, world.head_traffic.pk}
    assert not notes.filter(user=world.officer_safety).exists()  # not another department
    assert all(PHONE not in n.message for n in notes)  # notifications are masked
    assert AuditLog.objects.filter(action="objection.filed", object_id=str(obj.pk)).exists()


@pytest.mark.django_db
def test_one_objection_per_answer_version_then_again_after_a_correction(world, answered):
    services.file_objection(world.member, answered, "첫 번째 이의")
    with pytest.raises(WorkflowError) as refused:
        services.file_objection(world.member, answered, "두 번째 이의")
    assert "이미 이의신청을 하셨습니다" in str(refused.value) and refused.value.code == "already_objected"
    assert Objection.objects.filter(suggestion=answered).count() == 1
    correct(world, answered)
    again = services.file_objection(world.member, answered, "정정된 답변에도 이의가 있습니다")
    assert again.answer.version == 2 and Objection.objects.filter(suggestion=answered).count() == 2


@pytest.mark.django_db
def test_bad_input_and_wrong_people_are_refused_and_nothing_is_saved(world, answered):
    with pytest.raises(ValidationError) as empty:
        services.file_objection(world.member, answered, "  <p> </p> ")
    assert "이의신청 사유를 적어 주세요." in empty.value.messages
    for outsider in (world.representative, world.officer_traffic, world.hq):
        with pytest.raises(Http404):
            services.file_objection(outsider, answered, "남의 제안")
    unanswered = world.file()
    with pytest.raises(WorkflowError):
        services.file_objection(world.member, unanswered, "아직 답변 전")
    assert not Objection.objects.exists()


@pytest.mark.django_db
def test_the_department_takes_it_up_and_answers_and_the_proposer_is_told(world, answered):
    obj = services.file_objection(world.member, answered, "재검토를 요청합니다")
    with pytest.raises(Http404):
        services.start_objection(world.officer_safety, obj)  # another department
    with pytest.raises(Http404):
        services.respond_objection(world.member, obj, "스스로 답변")
    services.start_objection(world.officer_traffic, obj)
    with pytest.raises(WorkflowError):
        services.start_objection(world.officer_traffic, obj)
    with pytest.raises(ValidationError) as empty:
        services.respond_objection(world.officer_traffic, obj, " ")
    assert "이의신청에 대한 답변을 적어 주세요." in empty.value.messages
    obj.refresh_from_db()
    assert obj.state == Objection.State.IN_PROGRESS and obj.response == ""
    done = services.respond_objection(world.head_traffic, obj, f"현장을 다시 확인했습니다. 담당 {PHONE}")
    assert done.state == Objection.State.DONE and done.responded_at is not None
    note = Notification.objects.get(kind="objection_answered", user=world.member, channel="in_app")
    assert note.suggestion_id == answered.pk
    with pytest.raises(WorkflowError):
        services.respond_objection(world.head_traffic, obj, "한 번 더")
    shown = selectors.for_suggestion(world.principal(world.member), answered)[0]
    assert PHONE not in shown.shown_response and shown.get_state_display() == "완료"
    assert selectors.for_suggestion(world.principal(world.member_other), answered) == []


@pytest.mark.django_db
def test_the_proposal_page_offers_the_form_once_and_shows_the_reason_masked(world, answered, client):
    url = reverse("suggestions:detail", args=[answered.pk])
    client.force_login(world.representative)
    assert 'id="objection-form"' not in client.get(url).content.decode()  # not the proposer
    client.force_login(world.member)
    page = client.get(url).content.decode()
    assert 'id="objection-form"' in page and "이의신청" in page
    response = client.post(reverse("suggestions:objection", args=[answered.pk]), {"reason": ""}, follow=True)
    assert "이의신청 사유를 적어 주세요." in response.content.decode() and not Objection.objects.exists()
    response = client.post(
        reverse("suggestions:objection", args=[answered.pk]), {"reason": f"연락처 {PHONE}"}, follow=True
    )
    page = response.content.decode()
    assert "이의신청이 접수되었습니다" in page and 'id="objection-form"' not in page  # once per version
    assert 'data-state="received"' in page and PHONE not in page
    client.force_login(world.representative)
    assert (
        client.post(reverse("suggestions:objection", args=[answered.pk]), {"reason": "x"}).status_code == 404
    )  # not the proposer
    assert Objection.objects.count() == 1


@pytest.mark.django_db
def test_the_wagtail_page_lists_and_answers_objections_for_the_department_only(world, answered, client):
    obj = services.file_objection(world.member, answered, f"번호 {PHONE} 로 연락 주세요")
    client.force_login(world.officer_traffic)
    page = client.get(reverse("suggestions_objections:index")).content.decode()
    assert f'data-objection="{obj.pk}"' in page and PHONE not in page
    client.post(reverse("suggestions_objections:act", args=[obj.pk, "respond"]), {"response": ""})
    obj.refresh_from_db()
    assert obj.state == Objection.State.RECEIVED  # empty: refused, nothing saved
    client.post(reverse("suggestions_objections:act", args=[obj.pk, "respond"]), {"response": "다시 점검했습니다."})
    obj.refresh_from_db()
    assert obj.state == Objection.State.DONE and obj.response == "다시 점검했습니다."
    client.force_login(world.officer_safety)
    page = client.get(reverse("suggestions_objections:index")).content.decode()
    assert f'data-objection="{obj.pk}"' not in page
    assert client.post(reverse("suggestions_objections:act", args=[obj.pk, "start"])).status_code == 404


@pytest.mark.django_db
def test_the_api_files_lists_refuses_and_answers(world, answered):
    api = APIClient()
    url = f"/api/v1/suggestions/{answered.pk}/objection/"
    api.force_authenticate(world.member)
    empty = api.post(url, {"reason": ""}, format="json")
    assert empty.status_code == 400 and "이의신청 사유를 적어 주세요." in str(empty.json())
    made = api.post(url, {"reason": f"연락 {PHONE}"}, format="json")
    assert made.status_code == 201
    body = made.json()
    assert body["state"] == "received" and body["answer_version"] == 1 and PHONE not in body["reason"]
    again = api.post(url, {"reason": "또"}, format="json")
    assert again.status_code == 409 and "이미 이의신청을 하셨습니다" in again.json()["detail"]
    assert [o["id"] for o in api.get(url).json()] == [body["id"]]
    api.force_authenticate(world.representative)
    assert api.post(url, {"reason": "남의 제안"}, format="json").status_code == 404
    respond = f"/api/v1/objections/{body['id']}/response/"
    assert api.post(respond, {"response": "x"}, format="json").status_code == 404
    api.force_authenticate(world.officer_traffic)
    answered_back = api.post(respond, {"response": "검토 결과를 안내드립니다."}, format="json")
    assert answered_back.status_code == 200 and answered_back.json()["state"] == "done"


@pytest.mark.django_db
def test_the_objection_enters_the_callback_queue(world, answered):
    obj = services.file_objection(world.member, answered, "콜백 요청")
    case = CallbackCase.objects.get(suggestion=answered, source="objection")
    assert case.state != "closed" and obj.suggestion_id == case.suggestion_id
