"""The periodic reconcile on the real node, database and Redis: incremental by a change watermark,
bounded per run, one run at a time (Redis lock), deletions caught by the count, nothing lost
while Elasticsearch is down; the full check as a command."""

import datetime as dt

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from search import indexing, reconcile
from search.client import get_client, index_name
from search.models import ReconcileMark
from search.tasks import reconcile as reconcile_task
from suggestions.models import Suggestion
from tests.search.conftest import index_all

KIND = indexing.SUGGESTIONS


def fingerprint(pk: int) -> str:
    return get_client().get(index=index_name(KIND), id=str(pk))["_source"]["fingerprint"]


def spoil(pk: int) -> None:
    """A stale document (wrong fingerprint) without touching the row: only a full check sees it."""
    get_client().update(index=index_name(KIND), id=str(pk), doc={"fingerprint": "spoilt"}, refresh=True)


def in_step() -> bool:
    get_client().indices.refresh(index=index_name(KIND))  # check() scans: refreshed documents only
    return indexing.check(KIND) == {"missing": [], "stale": [], "extra": []}


def age(*rows, days: int = 2) -> None:
    """Rows last changed long before the watermark (update() leaves auto_now alone)."""
    Suggestion.objects.filter(pk__in=[s.pk for s in rows]).update(updated_at=timezone.now() - dt.timedelta(days=days))


@pytest.fixture
def no_lock():
    redis.Redis.from_url(settings.REDIS_URL).delete(reconcile.lock_name())
    yield
    redis.Redis.from_url(settings.REDIS_URL).delete(reconcile.lock_name())


@pytest.mark.django_db
def test_periodic_reconcile_reads_only_rows_changed_since_the_watermark(world, search_index, no_lock):
    old = world.suggestion("가로등 고장", "골목이 어두워요.")
    recent = world.suggestion("어린이보호구역 과속", "등굣길 차들이 너무 빨라요.")
    age(old, recent)
    index_all()
    # No mark yet: the first run is a full check and sets the watermark.
    assert reconcile_task.apply().get() == {"suggestions": 0, "announcements": 0}
    mark = ReconcileMark.objects.get(kind=KIND)
    assert mark.changed_at is not None and mark.full_at is not None

    spoil(old.pk)  # stale, but its row did not change: the periodic run does not read it
    Suggestion.objects.filter(pk=recent.pk).update(status=Suggestion.Status.ANSWERED, updated_at=timezone.now())
    assert reconcile_task.apply().get() == {"suggestions": 1, "announcements": 0}
    assert fingerprint(recent.pk) == indexing.suggestion_fingerprints([recent.pk])[str(recent.pk)]
    assert fingerprint(old.pk) == "spoilt"

    # The full check as a command repairs what no changed row points at.
    call_command("search_reconcile", "--full", "--kind", KIND)
    assert fingerprint(old.pk) == indexing.suggestion_fingerprints([old.pk])[str(old.pk)]
    assert in_step()


@pytest.mark.django_db
def test_a_run_takes_at_most_a_batch_and_the_next_continues(world, search_index, no_lock):
    rows = [world.suggestion(f"제안 {i}", "본문입니다.") for i in range(5)]
    age(*rows, days=3)
    index_all()
    reconcile.reconcile_changes([KIND])  # first run: full check, sets the watermark
    for i, s in enumerate(rows):  # all five changed since, in this order, their documents stale
        spoil(s.pk)
        Suggestion.objects.filter(pk=s.pk).update(updated_at=timezone.now() + dt.timedelta(microseconds=i))
    fixed = [reconcile.reconcile_changes([KIND], batch=2)[KIND] for _ in range(4)]
    assert fixed == [2, 2, 1, 0]
    assert in_step()


@pytest.mark.django_db
def test_a_deleted_row_is_caught_by_the_count(world, search_index, no_lock):
    keep = world.suggestion("가로등 고장", "골목이 어두워요.")
    gone = world.suggestion("택배 분실", "현관 앞 택배가 없어졌어요.")
    index_all()
    reconcile.reconcile_changes([KIND])
    Suggestion.objects.filter(pk=gone.pk).delete()  # no domain event: its document stays behind
    assert reconcile.reconcile_changes([KIND]) == {KIND: 1}
    assert in_step()
    assert fingerprint(keep.pk)


@pytest.mark.django_db
def test_a_redelivered_run_does_not_run_while_the_first_holds_the_lock(world, search_index, no_lock):
    s = world.suggestion("불법촬영 점검", "화장실 점검을 해 주세요.")  # never indexed
    lock = redis.Redis.from_url(settings.REDIS_URL).lock(reconcile.lock_name(), timeout=60)
    assert lock.acquire(blocking=False)  # the first delivery, still running
    try:
        assert reconcile_task.apply().get() == {}
        assert indexing.check(KIND)["missing"] == [str(s.pk)]
        with pytest.raises(Exception, match="another reconcile is running"):
            call_command("search_reconcile", "--full")
    finally:
        lock.release()
    assert reconcile_task.apply().get() == {"suggestions": 1, "announcements": 0}
    assert in_step()
    assert not redis.Redis.from_url(settings.REDIS_URL).exists(reconcile.lock_name())  # released


@pytest.mark.django_db
def test_an_outage_keeps_the_watermark_and_loses_nothing(world, search_index, settings, no_lock):
    from elastic_transport import ConnectionError as ESConnectionError

    first = world.suggestion("가로등 고장", "골목이 어두워요.")
    index_all()
    reconcile.reconcile_changes([KIND])
    before = ReconcileMark.objects.get(kind=KIND).changed_at
    real_url = settings.ELASTICSEARCH_URL
    try:
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens: connection refused
        get_client.cache_clear()
        during = world.suggestion("불법촬영 점검", "화장실 점검을 해 주세요.")
        with pytest.raises(ESConnectionError):
            reconcile.reconcile_changes([KIND])
    finally:
        settings.ELASTICSEARCH_URL = real_url
        get_client.cache_clear()
    assert ReconcileMark.objects.get(kind=KIND).changed_at == before
    assert reconcile.reconcile_changes([KIND]) == {KIND: 1}
    assert in_step()
    assert {first.pk, during.pk} == {int(k) for k in indexing.index_fingerprints(KIND)}
