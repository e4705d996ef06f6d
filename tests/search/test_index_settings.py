"""Index settings per environment (ES_SHARDS, ES_REPLICAS) and a client for several nodes.

Replicas above 0 are exercised on a real two-node cluster (tests/resilience/test_es_two_nodes.py):
on the shared single node they could never be assigned and would turn it yellow for every run."""

import pytest
from django.core.management import CommandError, call_command

from search.client import get_client, hosts
from search.indices import SUGGESTIONS, alias_targets, ensure_indices, set_replicas


def _index_settings(es, kind: str) -> dict:
    name = alias_targets(kind)[0]
    return es.indices.get_settings(index=name)[name]["settings"]["index"]


def test_new_indices_take_shards_and_replicas_from_the_settings(clean_es, settings):
    settings.ES_SHARDS = 2
    settings.ES_REPLICAS = 0
    ensure_indices()
    index = _index_settings(clean_es, SUGGESTIONS)
    assert (index["number_of_shards"], index["number_of_replicas"]) == ("2", "0")


def test_search_setup_puts_replicas_on_the_live_indices_and_refuses_a_negative_count(clean_es, settings):
    settings.ES_REPLICAS = 0
    ensure_indices()
    assert set_replicas(SUGGESTIONS) == alias_targets(SUGGESTIONS)
    call_command("search_setup", replicas=0)
    assert _index_settings(clean_es, SUGGESTIONS)["number_of_replicas"] == "0"
    with pytest.raises(CommandError, match="복제본 수는 0 이상"):
        call_command("search_setup", replicas=-1)


def test_client_takes_several_nodes_and_fails_over_to_a_live_one(es_client, settings):
    live = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = f" http://127.0.0.1:9 , {live}"  # nothing listens on the discard port
    get_client.cache_clear()
    try:
        assert hosts() == ["http://127.0.0.1:9", live]
        client = get_client()
        # Whichever node the transport picks first, every request is answered by the live one.
        for _ in range(4):
            assert client.cluster.health()["cluster_name"]
    finally:
        get_client.cache_clear()
    settings.ELASTICSEARCH_URL = " , "
    with pytest.raises(ValueError):
        hosts()
