"""Writes of the search app (saved topic searches); each write is audited."""

from __future__ import annotations

from django.db import transaction

from core import audit
from partners.access import Principal

from .models import SavedSearch, UserWord
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


@transaction.atomic
def accept_user_word(user, principal: Principal, form: str, tag: str = UserWord.Tag.NNP) -> UserWord:
    """HQ accepts a suggested word into the Kiwi user dictionary (queries use it at once)."""
    if not principal.can_view_hq:
        raise NotAllowed
    word = UserWord(form=(form or "").strip(), tag=tag, note="추천 단어에서 추가", created_by=user)
    word.full_clean()  # a clear Korean error for a form with spaces or symbols, or one already there
    word.save()
    audit.record(user, "search.user_word.create", word, form=word.form, tag=word.tag)
    return word
