"""Writes of the search app (saved topic searches); each write is audited."""

from __future__ import annotations

from django.db import transaction

from core import audit
from partners.access import Principal

from .models import SavedSearch
from .params import SearchParams


class NotAllowed(Exception):
    pass


@transaction.atomic
def save_search(user, principal: Principal, name: str, params: SearchParams) -> SavedSearch:
    if not principal.can_view_hq:
        raise NotAllowed
    saved = SavedSearch.objects.create(
        owner=user, name=(name or params.q or "저장된 검색")[:100], params=params.to_query()
    )
    audit.record(user, "search.saved_search.create", saved, params=saved.params)
    return saved


@transaction.atomic
def delete_saved_search(user, principal: Principal, saved_id: int) -> bool:
    saved = SavedSearch.objects.filter(pk=saved_id, owner=user).first()
    if saved is None or not principal.can_view_hq:
        return False
    audit.record(user, "search.saved_search.delete", saved, name=saved.name)
    saved.delete()
    return True
