"""Keeping the Elasticsearch documents in step with the database.

Services call `schedule_suggestion_index()` inside their transaction; the task is stored in the
outbox and published on commit, so a rolled-back write never reaches the index and a broker or
Elasticsearch outage only delays indexing (the reconcile task catches up).
"""

from core.outbox import enqueue


def schedule_suggestion_index(suggestion_id: int) -> None:
    enqueue("search.index_suggestion", suggestion_id)


def schedule_announcement_index(page_id: int) -> None:
    enqueue("search.index_announcement", page_id)
