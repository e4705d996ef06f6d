"""Reads: visibility, 404 alike, masking for non-police, inbox filters, department statistics."""

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from partners.access import principal_for
from suggestions import public_stats, selectors, services
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def test_access_by_id_404_for_missing_and_forbidden(world):
    s = world.file(visibility=Suggestion.Visibility.POLICE)
    other = principal_for(world.member_other)
    for pk in (s.pk, 987654, "abc", None):
        with pytest.raises(Http404):
            selectors.access_suggestion_by_id(other, pk)
    assert selectors.access_suggestion_by_id(principal_for(world.member), s.pk) == s
    assert selectors.access_suggestion_by_id(principal_for(world.officer_safety), s.pk) == s  # police


def test_masking_for_non_police_everywhere(world):
    s = world.file(
        title="연락 010-3333-4444",
        body="<p>주민번호 900101-1234567, 메일 kim@example.com</p>",
        address="전화 02-123-4567 앞",
    )
    services.request_supplement(world.officer_traffic, s, "010-5555-6666 으로 연락드릴까요?")
    for username, masked in (("member_other", True), ("partner_member", True), ("officer_traffic", False)):
        p = principal_for(world.users[username])
        shown = selectors.access_suggestion_by_id(p, s.pk)
        text = f"{shown.shown_title} {shown.shown_body} {shown.shown_address}"
        text += " ".join(e.shown_message for e in selectors.timeline(shown, p))
        for original in ("010-3333-4444", "900101-1234567", "kim@example.com", "02-123-4567", "010-5555-6666"):
            assert (original not in text) is masked, (username, original)
    assert s.title == "연락 010-3333-4444"  # the original is kept for the police


def test_police_only_events_hidden_from_partners(world):
    s = world.file()
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="초안")
    services.submit_answer(world.officer_traffic, a)
    partner_kinds = {e.kind for e in selectors.timeline(s, principal_for(world.member))}
    police_kinds = {e.kind for e in selectors.timeline(s, principal_for(world.officer_traffic))}
    assert "answer_submitted" not in partner_kinds and "answer_submitted" in police_kinds
    # drafts are not shown to the proposer
    assert selectors.answers(s, principal_for(world.member)) == []
    assert len(selectors.answers(s, principal_for(world.officer_traffic))) == 1


def test_inbox_filters_and_overdue(world):
    late = world.file(title="늦은 것")
    Suggestion.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=5))
    proposal = world.file(title="정책", kind=Suggestion.Kind.PROPOSAL)
    world.file(title="다른 부서", field=world.fields["범죄예방"])
    officer = principal_for(world.officer_traffic)
    titles = {s.title for s in selectors.department_inbox(officer)}
    assert titles == {"늦은 것", "정책"}
    assert [s.title for s in selectors.department_inbox(officer, {"due": "overdue"})] == ["늦은 것"]
    assert [s.pk for s in selectors.department_inbox(officer, {"kind": "proposal"})] == [proposal.pk]
    assert {s.title for s in selectors.department_inbox(principal_for(world.hq))} >= {"다른 부서", "정책"}
    prepared = selectors.prepare(Suggestion.objects.get(pk=late.pk), officer)
    assert prepared.is_overdue


def test_department_stats_and_public_page(client, world):
    s1 = world.file(title="빠른 답변")
    s2 = world.file(title="답변 대기")
    a = services.save_answer_draft(world.officer_traffic, s1, decision="accepted", body="답")
    services.submit_answer(world.officer_traffic, a)
    services.approve_answer(world.head_traffic, a)
    services.rate(world.member, s1, 4)
    # received on Friday 2026-11-20, answered on Wednesday 2026-11-25: 3 business days, 5 calendar days
    friday = timezone.make_aware(dt.datetime(2026, 11, 20, 10))
    Suggestion.objects.filter(pk=s1.pk).update(received_at=friday, answered_at=friday + dt.timedelta(days=5))
    stats = {st.department.slug: st for st in selectors.department_stats()}
    traffic = stats["traffic"]
    assert (traffic.total, traffic.answered, traffic.open) == (2, 1, 1)
    assert traffic.answer_rate == 50.0
    assert traffic.avg_business_days == 3.0 and traffic.avg_calendar_days == 5.0
    assert traffic.satisfaction == 4.0 and traffic.ratings == 1
    public_stats.refresh()  # what the worker does after these writes (the page reads stored figures)
    html = client.get(reverse("suggestions:departments")).content.decode()
    assert "50.0%" in html and "4.0 (1)" in html
    assert s1.title not in html and s2.title not in html
    overview = selectors.hq_overview()
    assert overview["total"] == 2 and ("answered", "답변 완료", 1) in [
        (v, str(label), n) for v, label, n in overview["status_rows"]
    ]


def test_routing_rules_editable_by_hq_only_in_wagtail_admin(client, world):
    url = "/admin/snippets/suggestions/routingrule/"
    client.force_login(world.hq)
    assert client.get(url).status_code == 200
    client.force_login(world.officer_traffic)
    assert client.get(url).status_code in (302, 403)
    assert client.get("/admin/snippets/suggestions/answertemplate/").status_code == 200


def test_answer_templates_edited_by_their_department(client, world):
    from suggestions.models import AnswerTemplate

    mine = AnswerTemplate.objects.create(department=world.traffic, title="교통 서식", body="본문")
    theirs = AnswerTemplate.objects.create(department=world.safety, title="생활안전 서식", body="본문")
    client.force_login(world.officer_traffic)
    base = "/admin/snippets/suggestions/answertemplate/edit/{}/"
    assert client.get(base.format(mine.pk)).status_code == 200
    assert client.get(base.format(theirs.pk)).status_code in (302, 403)
