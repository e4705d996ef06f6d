"""The Elasticsearch check for /healthz, registered with core.health from SearchConfig.ready."""

from .client import get_client, node_version


def check_elasticsearch() -> tuple[bool, str]:
    """Up unless the cluster is red or unreachable; the detail carries the cluster status, so a
    cluster that lost a node (yellow: replicas unassigned, every shard still answering) shows as
    degraded while searches go on."""
    try:
        client = get_client().options(request_timeout=2)
        status = client.cluster.health()["status"]
        return status != "red", f"{node_version(client)} {status}"
    except Exception as exc:
        return False, type(exc).__name__
