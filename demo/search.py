"""Demo data for the search app: default synonyms and user dictionary (idempotent). `seed_demo` calls `seed()`."""

import logging

from search.defaults import DEFAULT_SYNONYMS, DEFAULT_USER_WORDS
from search.indexing import reconcile
from search.indices import ensure_indices
from search.models import Synonym, UserWord

logger = logging.getLogger(__name__)


def seed_synonyms() -> int:
    """Create the missing default synonyms (idempotent); returns how many were added."""
    created = 0
    for term, expansions in DEFAULT_SYNONYMS.items():
        _, was_created = Synonym.objects.get_or_create(term=term, defaults={"expansions": expansions})
        created += was_created
    return created


def seed_user_words() -> int:
    """Create the missing default user-dictionary words (idempotent); returns how many were added."""
    created = 0
    for form, tag in DEFAULT_USER_WORDS:
        _, was_created = UserWord.objects.get_or_create(form=form, defaults={"tag": tag, "note": "기본 사전"})
        created += was_created
    return created


def seed() -> int:
    """Create missing default synonyms, make sure the indices exist and are filled.

    Returns how many synonyms were added."""
    created = seed_synonyms()
    seed_user_words()
    try:
        ensure_indices()
        # Index the demo suggestions and announcements now (idempotent: only what is missing or
        # stale), so the HQ pages have data as soon as `make run` serves them.
        reconcile()
    except Exception as exc:  # Elasticsearch not up yet: the reconcile task fills the index later
        logger.warning("search: indices not created (%s); the reconcile task will create them", exc)
    return created
