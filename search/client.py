"""One Elasticsearch client per process, configured from settings."""

import contextlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from django.conf import settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.dsl import connections


class SearchIndexMissing(Exception):
    """The alias does not exist: `search_setup` has not run. Reads never create it (reads never write)."""


# Errors meaning "search cannot answer right now" (pages and the API answer 503, tasks retry).
SEARCH_UNAVAILABLE: tuple[type[Exception], ...] = (TransportConnectionError, ConnectionTimeout, SearchIndexMissing)


def hosts() -> list[str]:
    """ELASTICSEARCH_URL as a list of node URLs (comma separated for a cluster)."""
    urls = [url.strip() for url in settings.ELASTICSEARCH_URL.split(",") if url.strip()]
    if not urls:
        raise ValueError("ELASTICSEARCH_URL is empty")
    return urls


@lru_cache(maxsize=1)
def get_client() -> Elasticsearch:
    urls = hosts()
    # With several nodes a refused or timed-out request is retried on the next node (the transport
    # marks the failed one dead and backs off), so losing a node costs no request. No sniffing: the
    # nodes' publish addresses may not be reachable from here (containers, loopback test clusters).
    client = Elasticsearch(
        urls, request_timeout=settings.ES_TIMEOUT, retry_on_timeout=len(urls) > 1, max_retries=max(3, len(urls))
    )
    connections.add_connection("default", client)
    return client


def index_name(kind: str) -> str:
    """The alias for one document kind, e.g. `cheong-suggestions`."""
    return f"{settings.ES_INDEX_PREFIX}-{kind}"


def is_index_missing(exc: NotFoundError) -> bool:
    return exc.error == "index_not_found_exception"


@contextlib.contextmanager
def missing_index_raised(kind: str) -> Iterator[None]:
    """Inside it, a read on the alias of `kind` that finds no index raises SearchIndexMissing
    (other 404s, e.g. a missing document, stay NotFoundError)."""
    try:
        yield
    except NotFoundError as exc:
        if is_index_missing(exc):
            raise SearchIndexMissing(index_name(kind)) from exc
        raise


def search(kind: str, **body: Any) -> Any:
    """A search on the alias of `kind`; a missing alias raises SearchIndexMissing instead of a 404."""
    with missing_index_raised(kind):
        return get_client().search(index=index_name(kind), **body)


def node_version(client: Elasticsearch | None = None) -> str:
    """The node's version. (The integ-test-zip node has no `GET /` info endpoint, so no ping()/info().)"""
    nodes = (client or get_client()).nodes.info(node_id="_local", metric="_none")  # cheap
    return next(iter(nodes["nodes"].values()))["version"]


def is_up(client: Elasticsearch | None = None) -> bool:
    try:
        (client or get_client()).options(request_timeout=2).cluster.health()
        return True
    except Exception:
        return False
