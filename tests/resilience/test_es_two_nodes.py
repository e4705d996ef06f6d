"""Two Elasticsearch nodes on loopback form one cluster (tests/resilience/es_cluster.py), indices with
one replica: a node stopped while proposals are filed and searched → no filing fails (filings only
write PostgreSQL and the outbox), searches keep answering from the surviving copies, /healthz reports
the cluster degraded (yellow), every proposal is searchable, and the cluster is green again once the
node is back.

Marker `cluster`: `make test` leaves it out (pyproject addopts `-m "not cluster"`); `make test-cluster`
runs it, and .ci/run calls that after `make test`.
"""

import itertools
import threading
import time

import pytest
from django.core.management import call_command
from django.test import Client

from partners.access import principal_for
from search.client import hosts, index_name
from search.health import check_elasticsearch
from search.indices import SUGGESTIONS, alias_targets
from search.params import SearchParams
from search.topics import search_suggestions
from suggestions.models import Suggestion
from tests.conftest import purge_queues, wait_until

from .conftest import PrivateWorker, use_elasticsearch
from .es_cluster import TwoNodeCluster
from .helpers import file_report

pytestmark = [pytest.mark.cluster, pytest.mark.resilience, pytest.mark.slow]

TERM = "가로등"  # in every title below


def _searchable_ids(principal) -> set[int]:
    params = SearchParams.from_query({"q": TERM, "sort": "date", "size": "100"})
    return {r["id"] for r in search_suggestions(principal, params, facets=False).results}


def _healthz_search_detail() -> str:
    body = Client().get("/healthz").json()
    assert body["services"]["elasticsearch"]["up"] is True, body  # degraded is not down
    return body["services"]["elasticsearch"]["detail"]


def test_a_node_stopped_while_filing_and_searching_loses_nothing(transactional_db, world, settings):
    phases = {"start": time.monotonic()}  # wall time of each phase, printed for the report (pytest -s)
    cluster = TwoNodeCluster().launch()
    worker: PrivateWorker | None = None
    try:
        settings.ES_SHARDS = 2  # one primary per node (balanced allocation): the stopped node holds one
        # Workers take ES_* from the environment: the same cluster, the same index settings.
        env = {"ELASTICSEARCH_URL": cluster.url, "ES_SHARDS": "2", "ES_REPLICAS": "1"}
        purge_queues()
        worker = PrivateWorker(settings.DATABASES["default"]["NAME"], **env)
        worker.concurrency = 1  # one process loads the models (two would load them side by side)
        worker.start()  # boots while the nodes do
        cluster.wait_ready()
        phases["cluster green"] = time.monotonic()
        with use_elasticsearch(cluster.url) as es:
            assert hosts() == [node.url for node in cluster.nodes]
            call_command("search_setup", replicas=1)  # replicas put on the live indices (a dynamic setting)
            suggestions_index = alias_targets(SUGGESTIONS)[0]
            index_settings = es.indices.get_settings(index=suggestions_index)[suggestions_index]["settings"]
            assert index_settings["index"]["number_of_replicas"] == "1"
            assert index_settings["index"]["number_of_shards"] == "2"
            cluster.wait_for(status="green", nodes=2)
            hq = principal_for(world.hq)
            before = file_report(world.member, title=f"공원 {TERM} 고장 신고")
            wait_until(lambda: before.pk in _searchable_ids(hq), timeout=180, what="indexed while both nodes are up")
            phases["first indexed"] = time.monotonic()

            # Stop node 2 while proposals are filed and searched.
            stopper = threading.Thread(target=cluster.data_node.stop)
            stopper.start()
            filed: list[Suggestion] = []
            failed_filings: list[str] = []
            failed_searches: list[str] = []
            searches = 0
            authors = [world.member, world.representative]
            while stopper.is_alive() or len(filed) < 6:
                try:
                    filed.append(file_report(authors[len(filed) % 2], title=f"골목 {TERM} 꺼짐 제보 {len(filed)}"))
                except Exception as exc:  # counted: the assertion below says how many and why
                    failed_filings.append(repr(exc))
                try:
                    _searchable_ids(hq)
                    searches += 1
                except Exception as exc:
                    failed_searches.append(repr(exc))
                if len(filed) + len(failed_filings) > 40:
                    break
            stopper.join()
            assert not cluster.data_node.running()
            phases["node stopped"] = time.monotonic()

            # Degraded, not down: the master noticed the node leave; /healthz still answers 200.
            health = cluster.wait_for(status="yellow", nodes=1, timeout=60)
            assert health["status"] == "yellow" and health["unassigned_shards"] > 0
            ok, detail = check_elasticsearch()
            assert ok and detail.endswith("yellow")
            assert _healthz_search_detail().endswith("yellow")
            filed += [file_report(world.member, title=f"시장 {TERM} 교체 요청 {n}") for n in range(2)]
            assert before.pk in _searchable_ids(hq)  # searches answer from the surviving copies
            searches += 1

            assert failed_filings == [], failed_filings
            assert failed_searches == [], failed_searches
            assert Suggestion.objects.filter(pk__in=[s.pk for s in filed]).count() == len(filed)
            expected = {s.pk for s in filed} | {before.pk}
            wait_until(
                lambda: expected <= _searchable_ids(hq), timeout=120, what="every proposal searchable on one node"
            )

            phases["all searchable"] = time.monotonic()
            # Node 2 returns: its replicas recover from the primaries and the cluster is green.
            cluster.data_node.launch()
            cluster.data_node.wait_launched()
            health = cluster.wait_for(status="green", nodes=2, timeout=180)
            phases["green again"] = time.monotonic()
            assert health["unassigned_shards"] == 0 and health["number_of_data_nodes"] == 2
            ok, detail = check_elasticsearch()
            assert ok and detail.endswith("green")
            assert _healthz_search_detail().endswith("green")
            assert expected <= _searchable_ids(hq)
            count = es.count(index=index_name(SUGGESTIONS), query={"ids": {"values": [str(pk) for pk in expected]}})
            assert count["count"] == len(expected)
            steps = list(phases.items())
            timeline = ", ".join(f"{name} +{t - prev:.0f}s" for (_, prev), (name, t) in itertools.pairwise(steps))
            print(f"\ncluster: {len(filed)} filed, {searches} searches during the outage; {timeline}")
    finally:
        if worker is not None:
            worker.stop()
        cluster.stop()
        purge_queues()
