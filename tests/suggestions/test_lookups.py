"""One `access_*_by_id` per object kind: the object when the rule allows it, and the same Http404 for a
missing, a malformed and a forbidden id (partners.access decides, suggestions.selectors looks up)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from suggestions import selectors, services
from suggestions.models import Answer

pytestmark = pytest.mark.django_db


def _refusal(lookup, *args, **kwargs) -> str:
    with pytest.raises(Http404) as caught:
        lookup(*args, **kwargs)
    return str(caught.value)


def test_each_kind_answers_missing_malformed_and_forbidden_alike(world):
    s = world.file(visibility="partners")
    officer = world.principal(world.officer_traffic)
    answer = services.save_answer_draft(world.officer_traffic, s, decision=Answer.Decision.ACCEPTED, body="<p>검토</p>")
    check = services.schedule_site_check(world.officer_traffic, s, dt.date.today() + dt.timedelta(days=3))
    referral = services.refer_to_agency(world.officer_traffic, s, agency="구청", referred_on=dt.date.today())
    transfer = services.request_transfer(world.officer_traffic, s, "생활안전과 소관", world.safety)
    cases = [
        (selectors.access_answer_by_id, answer),
        (selectors.access_site_check_by_id, check),
        (selectors.access_referral_by_id, referral),
        (selectors.access_transfer_by_id, transfer),
    ]
    outsider = world.principal(world.officer_safety)  # police, but of another department
    for lookup, obj in cases:
        assert lookup(officer, obj.pk) == obj
        assert lookup(officer, str(obj.pk), suggestion=s) == obj
        missing = _refusal(lookup, officer, 10**9)
        assert _refusal(lookup, outsider, obj.pk) == missing, lookup.__name__
        assert _refusal(lookup, officer, "1; DROP TABLE") == missing
        assert _refusal(lookup, officer, "9" * 30) == missing  # would overflow bigint: a 404, not a 500
        assert _refusal(lookup, world.principal(world.member), obj.pk) == missing  # the author's group


def test_suggestion_argument_limits_the_lookup_to_that_suggestion(world):
    s = world.file()
    other = world.file()
    answer = services.save_answer_draft(world.officer_traffic, s, decision=Answer.Decision.ACCEPTED, body="<p>x</p>")
    officer = world.principal(world.officer_traffic)
    assert selectors.access_answer_by_id(officer, answer.pk, suggestion=s) == answer
    with pytest.raises(Http404):
        selectors.access_answer_by_id(officer, answer.pk, suggestion=other)


def test_attachments_follow_the_suggestion_and_the_inbox_follows_can_receive(world):
    police_only = world.file(visibility="police")
    with pytest.raises(Http404):
        selectors.access_suggestion_by_id(world.principal(world.member_other), police_only.pk)
    assert selectors.access_suggestion_by_id(world.principal(world.member), police_only.pk) == police_only  # author
    # The department inbox opens what its officers may receive: their department's, not another's.
    assert selectors.access_inbox_suggestion_by_id(world.principal(world.officer_traffic), police_only.pk)
    with pytest.raises(Http404):
        selectors.access_inbox_suggestion_by_id(world.principal(world.officer_safety), police_only.pk)
    with pytest.raises(Http404):
        selectors.access_attachment_by_id(world.principal(world.member), 10**9, suggestion=police_only)
