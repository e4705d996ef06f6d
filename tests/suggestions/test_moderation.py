"""Moderation (issue #14): partners report a proposal or the proposer's rating comment, the third open
report hides it (it leaves the real Elasticsearch index), a moderator hides / restores / masks it in
the Wagtail queue; each step audited, the author told with the reason; the API's report endpoint."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.models import AuditLog, OutboxMessage
from partners.models import Membership
from search.client import index_name
from search.indexing import index_suggestion
from search.indices import SUGGESTIONS
from search.params import SearchParams
from search.topics import search_suggestions
from suggestions import notifications, selectors, services
from suggestions.models import ContentReport, Notification, Suggestion, TimelineEvent
from suggestions.services import moderation
from suggestions.services.moderation import ModerationError

pytestmark = pytest.mark.django_db
K = TimelineEvent.Kind
TITLE = "수유역 뒷골목 가로등 고장"


def _third_partner(world):
    user = get_user_model().objects.create_user("partner_third", password="x" * 12)
    Membership.objects.create(user=user, group=world.group)
    return user


def _reporters(world):
    return [world.representative, world.member_other, _third_partner(world)]


def _in_index(es, s: Suggestion) -> bool:
    return bool(es.exists(index=index_name(SUGGESTIONS), id=str(s.pk)))


def _found_by_hq(world, text: str) -> list[int]:
    result = search_suggestions(world.principal(world.hq), SearchParams(q=text))
    return [int(r["id"]) for r in result.results]


def _reindexed(s: Suggestion) -> bool:
    """The write queued the re-index through the outbox (the worker runs `index_suggestion`)."""
    return OutboxMessage.objects.filter(task_name="search.index_suggestion", args=[s.pk]).exists()


def _notice(world, s: Suggestion, kind: str) -> Notification:
    notifications.deliver_event(s.events.filter(kind=kind).latest("id").pk)
    return Notification.objects.filter(user=world.member, kind=kind, channel="in_app").latest("id")


def test_three_reports_hide_it_out_of_the_index_and_restore_brings_it_back(world, search_index):
    es = search_index
    s = world.file(title=TITLE, body="<p>가로등이 한 달째 꺼져 있습니다.</p>")
    index_suggestion(s.pk, refresh=True)
    assert _in_index(es, s) and s.pk in _found_by_hq(world, "가로등")

    first, second, third = _reporters(world)
    moderation.report(first, s, "abuse")
    moderation.report(second, s, "off_topic", note="광고 글 같습니다")
    s.refresh_from_db()
    assert s.hidden_at is None  # two reports: still shown
    OutboxMessage.objects.all().delete()
    moderation.report(third, s, "abuse")
    s.refresh_from_db()
    assert s.hidden_at is not None and s.hidden_reason == "abuse"

    # It leaves the index: the hiding queued the re-index, which deletes the document.
    assert _reindexed(s)
    index_suggestion(s.pk, refresh=True)
    assert not _in_index(es, s) and s.pk not in _found_by_hq(world, "가로등")

    # Public list and page: gone for everyone but the police and the author (who sees "검토 중").
    for viewer in (None, world.member_other, world.representative):
        with pytest.raises(Http404):
            selectors.access_suggestion_by_id(world.principal(viewer), s.pk)
        assert not selectors.visible_suggestions(world.principal(viewer)).filter(pk=s.pk).exists()
    assert selectors.access_suggestion_by_id(world.principal(world.member), s.pk) == s
    assert selectors.access_suggestion_by_id(world.principal(world.officer_traffic), s.pk) == s

    # The author is told, with the reason; the automatic hiding is the system's (no actor).
    hidden_event = s.events.get(kind=K.MODERATION_HIDDEN)
    assert hidden_event.actor is None and hidden_event.data["reports"] == 3
    assert "욕설·비방" in _notice(world, s, K.MODERATION_HIDDEN).message

    # The moderator restores it: reports closed, back in the index, the author told.
    OutboxMessage.objects.all().delete()
    moderation.restore(world.admin, s, note="문제가 없는 제안입니다")
    s.refresh_from_db()
    assert s.hidden_at is None
    assert set(ContentReport.objects.filter(suggestion=s).values_list("resolution", flat=True)) == {"restored"}
    assert _reindexed(s)
    index_suggestion(s.pk, refresh=True)
    assert _in_index(es, s) and s.pk in _found_by_hq(world, "가로등")
    assert "문제가 없는 제안입니다" in _notice(world, s, K.MODERATION_RESTORED).message
    assert selectors.access_suggestion_by_id(world.principal(None), s.pk) == s

    actions = list(
        AuditLog.objects.filter(object_id__in=[str(s.pk)] + [str(r.pk) for r in s.reports.all()]).values_list(
            "action", flat=True
        )
    )
    assert actions.count("moderation.reported") == 3
    assert {"suggestion.moderation_hidden", "suggestion.moderation_restored"} <= set(actions)


def test_one_report_per_user_and_clear_refusals(world):
    s = world.file(title=TITLE)
    moderation.report(world.member_other, s, "personal_data")
    with pytest.raises(ModerationError) as dup:
        moderation.report(world.member_other, s, "abuse")
    assert dup.value.code == "already_reported" and "이미 신고한" in dup.value.message
    assert ContentReport.objects.filter(suggestion=s).count() == 1  # nothing lost, nothing doubled
    with pytest.raises(ValidationError) as bad:
        moderation.report(world.representative, s, "boring")
    assert "신고 사유" in " ".join(bad.value.messages)
    with pytest.raises(PermissionDenied):
        moderation.report(world.member, s, "abuse")  # one's own proposal
    with pytest.raises(PermissionDenied):
        moderation.report(world.officer_traffic, s, "abuse")  # the police moderate, they do not report
    for not_moderator in (world.hq, world.head_traffic, world.representative):
        with pytest.raises(PermissionDenied):
            moderation.hide(not_moderator, s, "abuse")
    with pytest.raises(ModerationError):
        moderation.restore(world.admin, world.file(title="신고 없는 제안"))  # nothing to restore


def test_the_threshold_is_a_setting_and_a_moderator_hides_directly(world, settings):
    settings.MODERATION_HIDE_AFTER = 1
    s = world.file(title=TITLE)
    moderation.report(world.member_other, s, "off_topic")
    s.refresh_from_db()
    assert s.hidden_at is not None
    other = world.file(title="두 번째 제안")
    moderation.hide(world.admin, other, "personal_data")
    other.refresh_from_db()
    assert other.hidden_reason == "personal_data"
    event = other.events.get(kind=K.MODERATION_HIDDEN)
    assert event.actor == world.admin and event.message == "제안: 개인정보 노출"
    assert AuditLog.objects.filter(action="suggestion.moderation_hidden", actor=world.admin).exists()


def _rated(world, comment: str) -> Suggestion:
    s = world.file(title=TITLE)
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="가로등을 교체했습니다.")
    services.submit_answer(world.officer_traffic, a)
    services.approve_answer(world.head_traffic, a)
    services.rate(world.member, s, 1, comment)
    return s


def test_a_rating_comment_is_reported_hidden_and_masked(world):
    s = _rated(world, "담당 홍길동 010-1234-5678 정말 최악")
    for user in _reporters(world):
        moderation.report(user, s, "personal_data", target="rating")
    s.refresh_from_db()
    assert s.hidden_at is None  # only the comment is hidden, the proposal stays public
    assert selectors.rating(s, world.principal(None)).shown_comment == "신고 검토 중인 의견입니다."
    assert "최악" in selectors.rating(s, world.principal(world.member)).shown_comment  # the author still reads it
    with pytest.raises(ValidationError):
        moderation.mask(world.admin, s, "personal_data", target="rating", body="   ")
    moderation.mask(world.admin, s, "personal_data", target="rating", body="담당 ○○○ 정말 최악")
    rating = selectors.rating(s, world.principal(None))
    assert rating.comment == "담당 ○○○ 정말 최악" and rating.comment_hidden_at is None
    assert rating.shown_comment == "담당 ○○○ 정말 최악"
    masked = s.events.get(kind=K.MODERATION_MASKED)
    assert masked.data["fields"] == ["comment"] and masked.message == "평가 의견: 개인정보 노출"
    audit = AuditLog.objects.get(action="suggestion.moderation_masked")
    assert "010-1234-5678" not in str(audit.data)  # the audit names the fields, not the removed text
    assert "개인정보 노출" in _notice(world, s, K.MODERATION_MASKED).message


def test_edit_to_mask_a_proposal_shows_it_again(world):
    s = world.file(title="연락처 010-2222-3333 남깁니다", body="<p>제 번호 010-2222-3333</p>")
    moderation.hide(world.admin, s, "personal_data")
    moderation.mask(world.admin, s, "personal_data", title="연락처 남깁니다", body="<p>제 번호 (가림)</p>")
    s.refresh_from_db()
    assert s.hidden_at is None and "010" not in s.title + s.body
    assert set(s.events.get(kind=K.MODERATION_MASKED).data["fields"]) == {"title", "body"}


def test_api_report_endpoint(world, client):
    s = world.file(title=TITLE)
    url = f"/api/v1/suggestions/{s.pk}/report/"
    assert client.post(url, {"reason": "abuse"}, content_type="application/json").status_code in (401, 403)
    client.force_login(world.member_other)
    ok = client.post(url, {"reason": "abuse", "note": "욕설"}, content_type="application/json")
    assert ok.status_code == 201, ok.content
    assert ok.json()["target"] == "suggestion" and ok.json()["hidden"] is False
    again = client.post(url.rstrip("/"), {"reason": "abuse"}, content_type="application/json")
    assert again.status_code == 409 and "이미 신고한" in again.json()["detail"]
    client.force_login(world.representative)
    bad = client.post(url, {"reason": "nope"}, content_type="application/json")
    assert bad.status_code == 400 and "신고 사유" in str(bad.json())
    no_rating = client.post(url, {"reason": "abuse", "target": "rating"}, content_type="application/json")
    assert no_rating.status_code == 400 and "평가 의견" in str(no_rating.json())
    assert client.post("/api/v1/suggestions/999999/report/", {"reason": "abuse"}).status_code == 404
    police = world.file(title="경찰 전용", visibility=Suggestion.Visibility.POLICE)
    assert client.post(f"/api/v1/suggestions/{police.pk}/report/", {"reason": "abuse"}).status_code == 404
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/suggestions/{id}/report/" in schema or "/suggestions/{id}/report" in schema


def test_moderation_queue_in_the_wagtail_admin(world, client):
    s = world.file(title=TITLE)
    for user in _reporters(world):
        moderation.report(user, s, "abuse")
    client.force_login(world.hq)
    assert client.get("/admin/moderation/").status_code in (403, 302, 404)
    assert client.get(f"/admin/moderation/{s.pk}/suggestion/").status_code in (403, 302, 404)
    client.force_login(world.admin)
    page = client.get("/admin/moderation/").content.decode()
    assert f"#{s.pk} {TITLE}" in page and "숨김" in page
    detail = client.get(f"/admin/moderation/{s.pk}/suggestion/").content.decode()
    assert "moderation-restore" in detail and world.member_other.username in detail
    done = client.post(f"/admin/moderation/{s.pk}/suggestion/restore/", {"note": ""})
    assert done.status_code == 302
    s.refresh_from_db()
    assert s.hidden_at is None
    assert AuditLog.objects.filter(action="suggestion.moderation_restored", actor=world.admin).exists()


def test_partner_reports_from_the_suggestion_page(world, client):
    s = world.file(title=TITLE)
    client.force_login(world.member_other)
    page = client.get(f"/suggestions/{s.pk}/").content.decode()
    assert 'id="report-suggestion"' in page
    response = client.post(f"/suggestions/{s.pk}/report/", {"reason": "off_topic", "target": "suggestion"}, follow=True)
    assert "신고가 접수되었습니다" in response.content.decode()
    again = client.post(f"/suggestions/{s.pk}/report/", {"reason": "off_topic"}, follow=True)
    assert "이미 신고한 글입니다" in again.content.decode()
    client.force_login(world.member)  # the author: no report form on their own proposal
    assert 'id="report-suggestion"' not in client.get(f"/suggestions/{s.pk}/").content.decode()


def test_api_report_hostile_payloads_answer_4xx(world, client):
    s = world.file(title=TITLE)
    client.force_login(world.member_other)
    url = f"/api/v1/suggestions/{s.pk}/report/"
    payloads = [[], "x", {"reason": None}, {"reason": "abuse", "target": 7}, {"reason": "abuse", "note": "가" * 5000}]
    for payload in payloads:
        status = client.post(url, payload, content_type="application/json").status_code
        assert status == 400, (payload, status)
    assert client.post("/api/v1/suggestions/abc/report/", {"reason": "abuse"}).status_code == 404
    assert not ContentReport.objects.exists()  # nothing half-written
