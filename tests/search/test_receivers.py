"""search subscribes to suggestions' domain signal: the indexing is queued in the sender's
transaction through the outbox (so a rollback queues nothing)."""

import pytest
from django.db import transaction

from core.models import OutboxMessage
from suggestions.signals import send_suggestion_changed

pytestmark = pytest.mark.django_db


def _queued() -> list[list]:
    return list(OutboxMessage.objects.filter(task_name="search.index_suggestion").values_list("args", flat=True))


def test_suggestion_changed_queues_indexing_in_the_same_transaction(world):
    a = world.suggestion("가로등 고장", "골목이 어두워요.")
    b = world.suggestion("킥보드 질주", "인도에서 너무 빨라요.")
    OutboxMessage.objects.all().delete()
    send_suggestion_changed(a.pk, b.pk, a.pk)  # e.g. an import: each id queued once
    assert sorted(_queued()) == sorted([[a.pk], [b.pk]])

    OutboxMessage.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        send_suggestion_changed(a.pk)
        raise RuntimeError
    assert _queued() == []
