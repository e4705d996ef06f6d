"""Index lifecycle: versioned indices (`<alias>-<stamp>`) behind one alias per document kind.

Only `search_setup`, `search_rebuild` and the indexing writes create indices; reads never do (a
missing alias reads as "search unavailable", see search.client.search).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from elasticsearch import BadRequestError

from .client import get_client, index_name
from .documents import MAPPING_VERSION, index_settings, mapping_for

SUGGESTIONS = "suggestions"
ANNOUNCEMENTS = "announcements"
KINDS = (SUGGESTIONS, ANNOUNCEMENTS)


def new_index_name(kind: str) -> str:
    return f"{index_name(kind)}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"


def create_index(kind: str, name: str | None = None) -> str:
    stamped = name is None
    name = name or new_index_name(kind)
    # Creating waits for the primaries to start (slow on a busy cluster): a longer timeout than reads.
    client = get_client().options(request_timeout=max(30.0, settings.ES_TIMEOUT))
    try:
        client.indices.create(index=name, settings=index_settings(), mappings=mapping_for(kind))
    except BadRequestError as exc:
        # With several nodes a timed-out create is retried on the next node, and the first attempt may
        # have gone through: the stamped name is ours alone, so "already exists" means created.
        if not (stamped and exc.error == "resource_already_exists_exception"):
            raise
    return name


def alias_targets(kind: str) -> list[str]:
    client = get_client()
    alias = index_name(kind)
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias).keys())


def alias_exists(kind: str) -> bool:
    return bool(get_client().indices.exists_alias(name=index_name(kind)))


def ensure_index(kind: str) -> str:
    """Create `<alias>-<stamp>` with the alias if the alias does not exist yet; return the alias."""
    client = get_client()
    alias = index_name(kind)
    if client.indices.exists_alias(name=alias):
        return alias
    if client.indices.exists(index=alias):  # a concrete index squatting the alias name (auto-created)
        client.indices.delete(index=alias)
    name = create_index(kind)
    try:
        client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    except Exception:
        client.options(ignore_status=404).indices.delete(index=name)
        raise
    # Two processes may have raced: keep the oldest target, drop the others.
    targets = alias_targets(kind)
    if len(targets) > 1:
        for extra in targets[1:]:
            client.indices.update_aliases(actions=[{"remove": {"index": extra, "alias": alias}}])
            client.options(ignore_status=404).indices.delete(index=extra)
    return alias


def add_new_fields(kind: str) -> None:
    """Put the current mapping on the live index: fields a release added (e.g. `station`) get their
    types before any document carries them (not a dynamic text field that cannot be aggregated).
    Additive only; `search_rebuild` fills them in for documents indexed before."""
    get_client().indices.put_mapping(index=index_name(kind), properties=mapping_for(kind)["properties"])


def mapping_is_current(kind: str) -> bool:
    """Whether every index behind the alias has this code's MAPPING_VERSION (False: rebuild it)."""
    targets = alias_targets(kind)
    if not targets:
        return False
    mappings = get_client().indices.get_mapping(index=",".join(targets))
    return all(
        (m.get("mappings", {}).get("_meta") or {}).get("mapping_version") == MAPPING_VERSION for m in mappings.values()
    )


def ensure_indices() -> None:
    """Every kind's alias and index with the current fields (what `search_setup` runs at deploy)."""
    for kind in KINDS:
        ensure_index(kind)
        add_new_fields(kind)


def set_replicas(kind: str, replicas: int | None = None) -> list[str]:
    """Put ES_REPLICAS (or `replicas`) on every index behind the alias of `kind`: number_of_replicas is
    dynamic, so a live index gains or drops copies without a rebuild. Returns the indices changed."""
    replicas = settings.ES_REPLICAS if replicas is None else replicas
    targets = alias_targets(kind)
    if targets:
        get_client().indices.put_settings(index=",".join(targets), settings={"number_of_replicas": replicas})
    return targets


def swap_alias(kind: str, name: str, old: list[str]) -> None:
    """Point the alias at `name` in one atomic request (readers never see no index); drop `old`."""
    client = get_client()
    alias = index_name(kind)
    actions: list[dict] = [{"remove": {"index": o, "alias": alias}} for o in old]
    if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
        client.indices.delete(index=alias)
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    for o in old:
        client.options(ignore_status=404).indices.delete(index=o)
