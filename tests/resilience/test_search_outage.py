"""Elasticsearch stopped while suggestions are filed: every filing succeeds, none is lost, and all
are searchable after the restart once `search.reconcile` ran. A rolled-back filing never reaches
the index. The outage uses a private Elasticsearch node; the shared one is never stopped."""

import pytest
from django.db import transaction

from core import outbox
from core.models import OutboxMessage
from partners.access import principal_for
from search import indexing
from search.client import index_name
from search.indices import ensure_indices
from search.params import SearchParams
from search.topics import search_suggestions
from suggestions.models import Suggestion
from tests.conftest import WorkerProcess, purge_queues, wait_until

from .conftest import PrivateWorker, use_elasticsearch
from .helpers import file_report

pytestmark = [pytest.mark.resilience, pytest.mark.slow]


def _searchable_ids(principal, q: str) -> set[int]:
    result = search_suggestions(principal, SearchParams.from_query({"q": q, "size": "100"}), facets=False)
    return {r["id"] for r in result.results}


def test_filings_during_search_outage_are_searchable_after_reconcile(transactional_db, world, private_es, settings):
    db_name = settings.DATABASES["default"]["NAME"]
    purge_queues()
    with use_elasticsearch(private_es.url) as es:
        es.options(ignore_status=404).indices.delete(index=f"{settings.ES_INDEX_PREFIX}-*")
        ensure_indices()
        worker = PrivateWorker(db_name, ELASTICSEARCH_URL=private_es.url).start()
        try:
            hq = principal_for(world.hq)
            before = file_report(world.member, title="정전 전 가로등 고장 신고")
            wait_until(lambda: before.pk in _searchable_ids(hq, "가로등"), timeout=60, what="indexed while up")

            private_es.stop()
            titles = [f"야간 보행 신호 고장 제보 {n}" for n in range(4)]
            filed = [file_report(world.member, title=t) for t in titles]
            filed.append(file_report(world.representative, title="어린이 보호구역 과속 단속 요청"))
            assert Suggestion.objects.filter(pk__in=[s.pk for s in filed]).count() == len(filed)  # none lost
            # Their index tasks reached the worker and failed against the stopped node (retrying).
            wait_until(
                lambda: "search.index_suggestion" in worker.log() and "ConnectionError" in worker.log(),
                timeout=60,
                what="index task failing while Elasticsearch is down",
            )

            private_es.start()
            ensure_indices()
            with transaction.atomic():
                outbox.enqueue("search.reconcile")
            expected = {s.pk for s in filed} | {before.pk}
            wait_until(
                lambda: expected <= _searchable_ids(hq, "고장 신호 과속 가로등"),
                timeout=90,
                what="every filing searchable after reconcile",
            )
            assert {s.pk for s in filed[:4]} <= _searchable_ids(hq, "보행 신호")
            assert filed[4].pk in _searchable_ids(hq, "과속 단속")
            report = indexing.check(indexing.SUGGESTIONS)
            assert report["missing"] == [] and report["extra"] == []
        finally:
            worker.stop()


def test_rolled_back_filing_leaves_no_document(transactional_db, world, clean_es, search_index, settings):
    worker = WorkerProcess(settings.DATABASES["default"]["NAME"])
    purge_queues()
    worker.start()
    try:
        hq = principal_for(world.hq)
        outbox_before = OutboxMessage.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            ghost = file_report(world.member, title="롤백될 유령 제안 무지개다리")
            ghost_id = ghost.pk
            raise RuntimeError("roll back the request")
        assert not Suggestion.objects.filter(pk=ghost_id).exists()
        assert OutboxMessage.objects.count() == outbox_before  # nothing queued

        kept = file_report(world.member, title="커밋된 제안 무지개다리")  # a barrier
        # The worker's first task loads Kiwi and the encoder: over a minute on a loaded 2-core box.
        wait_until(lambda: kept.pk in _searchable_ids(hq, "무지개다리"), timeout=180, what="committed filing indexed")
        assert _searchable_ids(hq, "무지개다리 유령 롤백") == {kept.pk}
        assert not clean_es.exists(index=index_name(indexing.SUGGESTIONS), id=str(ghost_id))
    finally:
        worker.stop()
