"""The one FilterSet behind the public list, the API and the department inbox (suggestions.filters)."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from suggestions import filters
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def titles(filterset, params, request=None):
    return {s.title for s in filters.filtered(filterset, Suggestion.objects.all(), params, request)}


def test_each_caller_accepts_its_own_parameters(world):
    late = world.file(title="늦은 것")
    Suggestion.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=5))
    world.file(title="정책", kind=Suggestion.Kind.PROPOSAL, district="도봉구", lat=None, lon=None)
    world.file(title="범죄", field=world.fields["범죄예방"])
    closed = world.file(title="철회됨")
    Suggestion.objects.filter(pk=closed.pk).update(status=Suggestion.Status.WITHDRAWN)
    everything = {"늦은 것", "정책", "범죄", "철회됨"}

    assert titles(filters.SuggestionFilter, {"kind": "proposal"}) == {"정책"}
    assert titles(filters.SuggestionFilter, {"field": world.fields["범죄예방"].slug}) == {"범죄"}
    assert titles(filters.SuggestionFilter, {"field": str(world.fields["범죄예방"].pk)}) == {"범죄"}
    assert titles(filters.SuggestionFilter, {"due": "overdue"}) == {"늦은 것"}
    assert titles(filters.SuggestionFilter, {"due": "not-a-date"}) == everything
    assert titles(filters.SuggestionFilter, {"q": "늦\x00은"}) == {"늦은 것"}  # NUL dropped, not a 500
    assert titles(filters.SuggestionFilter, {"department": "abc"}) == set()
    assert titles(filters.SuggestionFilter, {"group": "9" * 40}) == set()
    assert titles(filters.SuggestionFilter, {"status": "nonsense"}) == set()
    # Parameters a caller never accepted are ignored, as before.
    assert titles(filters.PublicListFilter, {"due": "overdue", "district": "도봉구"}) == {"정책"}
    assert titles(filters.ApiFilter, {"q": "정책"}) == everything
    # The inbox hides closed suggestions unless a status or `all` is chosen.
    assert titles(filters.InboxFilter, {}) == everything - {"철회됨"}
    assert titles(filters.InboxFilter, {"all": "1"}) == everything
    assert titles(filters.InboxFilter, {"status": "withdrawn"}) == {"철회됨"}
    assert titles(filters.InboxFilter, {"district": "도봉구"}) == everything - {"철회됨"}


def test_mine_needs_a_signed_in_caller(world):
    world.file(title="회원 제안")
    world.file(title="대표 제안", author=world.representative)
    request = RequestFactory().get("/")
    request.user = world.representative
    assert titles(filters.ApiFilter, {"mine": "true"}, request) == {"대표 제안"}
    assert titles(filters.ApiFilter, {"mine": "1"}) == {"회원 제안", "대표 제안"}  # no request: nobody's own
