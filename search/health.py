"""The Elasticsearch check for /healthz, registered with core.health from SearchConfig.ready."""

from .client import get_client, node_version


def check_elasticsearch() -> tuple[bool, str]:
    try:
        return True, node_version(get_client().options(request_timeout=2))
    except Exception as exc:
        return False, type(exc).__name__
