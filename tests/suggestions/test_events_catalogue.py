"""The timeline-event catalogue (labels, who is told, system timeline texts translated when shown) and
the importer writing through the services as `services.IMPORTER`."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.utils import translation

from core.models import OutboxMessage
from suggestions import events_catalogue, importing, services
from suggestions.events_catalogue import Audience
from suggestions.models import Answer, Suggestion, TimelineEvent

K = TimelineEvent.Kind

# The kinds that notified someone before the catalogue existed (services' NOTIFYING_EVENTS).
FORMERLY_NOTIFYING = {
    "received",
    "assigned",
    "transferred",
    "extended",
    "supplement_requested",
    "supplemented",
    "site_check",
    "site_check_done",
    "referred",
    "referral_reply",
    "answer_submitted",
    "answer_returned",
    "answered",
    "answer_corrected",
    "implemented",
    "merged",
    "transfer_requested",
    "routing_failed",  # since issue 13: HQ is told of a suggestion no rule routes (its triage queue)
    # since issue 14: the next step's approvers, the head a deputy stood in for, a reassigned approver
    "answer_step_approved",
    "delegated_approval",
    "approval_reassigned",
    # since issue 14 (deadline rules): the head asked to approve an extension, the department told of a
    # rejection, the proposer's progress notices and the department's delay reason
    "extension_requested",
    "extension_rejected",
    "interim_notice",
    "progress_asked",
    "delay_reason",
    # since issue 14 (moderation): the author told why their proposal or comment was hidden, restored or masked
    "moderation_hidden",
    "moderation_restored",
    "moderation_masked",
    # since issue 11 (청렴 콜): the department asked for a response, the partner's answer back, the
    # outcome, and the re-review's new deadline (proposer and department)
    "callback_relayed",
    "callback_answered_back",
    "callback_closed",
    "callback_re_review",
}


def test_every_kind_has_one_entry_and_the_notifying_set_is_unchanged():
    assert set(events_catalogue.CATALOGUE) == set(K.values)
    assert events_catalogue.NOTIFYING == FORMERLY_NOTIFYING
    # The proposer is told exactly what the old proposer table said; heads only of approvals.
    proposer = {
        k for k, spec in events_catalogue.CATALOGUE.items() if any(a is Audience.PROPOSER for a, _ in spec.notices)
    }
    assert "answer_submitted" not in proposer and {"received", "answered", "merged"} <= proposer
    # The approvers of the answer's current step: the heads (and their deputy) unless a line says otherwise.
    assert [a for a, _ in events_catalogue.notices(K.ANSWER_SUBMITTED)] == [Audience.APPROVERS]


def test_labels_follow_the_active_language():
    rendered = Template("{% load suggestion_tags %}{{ kind|event_label }}")
    assert rendered.render(Context({"kind": "assigned"})) == "부서 배정"
    with translation.override("en"):
        assert rendered.render(Context({"kind": "assigned"})) == "Assigned to department"
    assert events_catalogue.label("not-a-kind") == "not-a-kind"


@pytest.mark.django_db
def test_system_timeline_text_is_stored_in_korean_and_a_persons_words_stay_as_written(world):
    s = world.file()
    assigned = s.events.get(kind="assigned")
    assert assigned.message == "교통과에 배정되었습니다."  # stored exactly as before
    assert events_catalogue.timeline_message(assigned) == assigned.message
    check = services.schedule_site_check(world.officer_traffic, s, dt.date(2026, 12, 1))
    site = s.events.get(kind="site_check", data__site_check=check.pk)
    assert site.message == "2026-12-01 현장 진단 예정"
    r = services.refer_to_agency(world.officer_traffic, s, agency="강북구청", referred_on=dt.date(2026, 12, 2))
    services.record_agency_reply(world.officer_traffic, r, reply="보수 완료", replied_on=dt.date(2026, 12, 3))
    assert s.events.get(kind="referred").message == "강북구청에 통보"
    assert s.events.get(kind="referral_reply").message == "강북구청 회신: 보수 완료"
    services.reassign(world.hq, s, world.safety, "분야 재검토")
    moved = s.events.get(kind="transferred")
    assert events_catalogue.timeline_message(moved) == "분야 재검토"  # a person's words, never "translated"


@pytest.mark.django_db
def test_importer_files_and_answers_through_the_services_without_notifying(world):
    before = OutboxMessage.objects.filter(task_name="suggestions.send_notification").count()
    line = {
        "id": "C001",
        "title": "골목 가로등",
        "body": "꺼져 있어요.",
        "partner_group": world.group.slug,
        "field": "교통",
        "district": "강북구",
        "created_at": "2026-09-24",
        "kind": "proposal",
    }
    report = importing.import_suggestions([json.dumps(line, ensure_ascii=False)])
    assert report.created == 1 and not report.errors
    s = Suggestion.objects.get(ref="C001")
    assert all(e.data.get("imported") is True and e.actor_id is None for e in s.events.all())
    assert {e.created_at.date().isoformat() for e in s.events.all()} == {"2026-09-24"}
    answer = {"suggestion_id": "C001", "department": "community-safety", "decision": "accepted", "body": "조치함"}
    report = importing.import_answers([json.dumps(answer, ensure_ascii=False), json.dumps({**answer, "decision": "x"})])
    assert report.created == 1 and report.existing == 1  # the second line: already answered
    s.refresh_from_db()
    assert s.status == Suggestion.Status.ANSWERED and s.department == world.safety
    kinds = list(s.events.values_list("kind", flat=True))
    assert kinds[-5:] == ["transferred", "review_started", "answer_drafted", "answer_submitted", "answered"]
    published = s.answers.get(state=Answer.State.PUBLISHED)
    assert published.author_id is None and published.approver_id is None
    assert OutboxMessage.objects.filter(task_name="suggestions.send_notification").count() == before
    # A refused line is reported by its number; the services decide (a bad decision on a fresh one).
    importing.import_suggestions([json.dumps({**line, "id": "C002"}, ensure_ascii=False)])
    bad = importing.import_answers(["", json.dumps({**answer, "suggestion_id": "C002", "decision": "x"})])
    assert bad.created == 0 and bad.errors[0][0] == 2 and "결정" in bad.errors[0][1]


def test_the_system_actor_is_never_a_person():
    assert services.is_system(services.IMPORTER) and not services.IMPORTER.is_authenticated
    assert not services.is_system(None)


@pytest.mark.django_db
def test_a_person_without_rights_is_still_refused(world):
    s = world.file()
    with pytest.raises(PermissionDenied):
        services.save_answer_draft(world.member, s, decision="accepted", body="x")
