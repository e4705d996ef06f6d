"""Index lifecycle on the real node: setup, rebuild with alias swap, --check, analysis stored once,
reconcile after an outage, and the Celery task through a real worker."""

import re

import pytest
from django.core.management import call_command
from django.db import transaction

from search import indexing
from search.client import get_client, index_name
from search.params import SearchParams
from search.topics import search_suggestions
from suggestions.models import Suggestion
from tests.conftest import wait_until
from tests.search.conftest import index_all

ALIAS_KIND = indexing.SUGGESTIONS


def doc_ids(client):
    client.indices.refresh(index=index_name(ALIAS_KIND))
    return {h["_id"] for h in client.search(index=index_name(ALIAS_KIND), size=1000, _source=False)["hits"]["hits"]}


@pytest.mark.django_db
def test_setup_is_idempotent_and_uses_a_versioned_index(search_index, capsys):
    call_command("search_setup")
    call_command("search_setup")
    targets = indexing.alias_targets(ALIAS_KIND)
    assert len(targets) == 1 and targets[0].startswith(index_name(ALIAS_KIND) + "-")
    assert len(indexing.alias_targets(indexing.ANNOUNCEMENTS)) == 1
    mapping = search_index.indices.get_mapping(index=targets[0])[targets[0]]["mappings"]["properties"]
    assert mapping["keywords"]["type"] == "keyword" and mapping["location"]["type"] == "geo_point"
    assert mapping["title_morphs"]["type"] == "text" and mapping["access"]["type"] == "keyword"


@pytest.mark.django_db
def test_rebuild_swaps_alias_reuses_stored_analysis_and_check_reports(world, search_index, capsys):
    a = world.suggestion("어린이보호구역 과속", "등굣길 차들이 너무 빨라요.")
    b = world.suggestion("가로등 고장", "골목이 어두워요.")
    index_all()
    old = indexing.alias_targets(ALIAS_KIND)

    # A stored analysis of the current version and text is reused, never recomputed by a rebuild:
    # plant a marker in it and see the marker in the rebuilt document.
    a.refresh_from_db()
    marked = {**a.analysis, "title": {"morphs": "표식형태소 과속", "nouns": ["표식형태소"]}}
    Suggestion.objects.filter(pk=a.pk).update(analysis=marked)
    # A stale (older version) analysis is redone.
    Suggestion.objects.filter(pk=b.pk).update(analysis={**b.analysis, "version": 0, "title": {"morphs": "낡음"}})

    call_command("search_rebuild", "--no-progress", "--kind", "suggestions")
    new = indexing.alias_targets(ALIAS_KIND)
    assert len(new) == 1 and new != old
    assert not search_index.indices.exists(index=old[0])  # old index deleted
    client = get_client()
    doc_a = client.get(index=index_name(ALIAS_KIND), id=str(a.pk))["_source"]
    assert doc_a["title_morphs"] == "표식형태소 과속" and "표식형태소" in doc_a["keywords"]
    doc_b = client.get(index=index_name(ALIAS_KIND), id=str(b.pk))["_source"]
    assert "가로등" in doc_b["title_morphs"].split()
    b.refresh_from_db()
    assert b.analysis["version"] == indexing.analysis.ANALYSIS_VERSION

    # --check: in step → exit 0; a missing and a stale document → exit 1 with both reported.
    call_command("search_rebuild", "--check", "--kind", "suggestions")
    assert "missing 0, stale 0, extra 0" in capsys.readouterr().out
    c = world.suggestion("택배 분실", "현관 앞 택배가 없어졌어요.")  # never indexed
    Suggestion.objects.filter(pk=b.pk).update(status=Suggestion.Status.ANSWERED)  # DB changed after indexing
    client.delete(index=index_name(ALIAS_KIND), id=str(a.pk), refresh=True)
    client.index(index=index_name(ALIAS_KIND), id="999999", document={"id": 999999}, refresh=True)
    with pytest.raises(SystemExit) as exc:
        call_command("search_rebuild", "--check", "--kind", "suggestions")
    assert exc.value.code == 1
    out = capsys.readouterr().out
    assert "missing 2, stale 1, extra 1" in out
    assert f"missing: {a.pk} {c.pk}" in out and f"stale: {b.pk}" in out

    # reconcile repairs all of it.
    counts = indexing.reconcile([ALIAS_KIND])
    assert counts[ALIAS_KIND] == 4
    assert doc_ids(client) == {str(a.pk), str(b.pk), str(c.pk)}
    assert indexing.check(ALIAS_KIND) == {"missing": [], "stale": [], "extra": []}


@pytest.mark.django_db
def test_reconcile_after_an_outage_loses_nothing(world, search_index, settings):
    """Elasticsearch unreachable (client pointed at a closed port): indexing fails, nothing is
    lost; once it answers again the reconcile task re-indexes what is missing."""
    from elastic_transport import ConnectionError as ESConnectionError

    from search.tasks import reconcile

    first = world.suggestion("가로등 고장", "골목이 어두워요.")
    index_all()
    real_url = settings.ELASTICSEARCH_URL
    try:
        settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens: connection refused
        get_client.cache_clear()
        during = world.suggestion("불법촬영 점검", "화장실 점검을 해 주세요.")
        Suggestion.objects.filter(pk=first.pk).update(status=Suggestion.Status.ANSWERED)
        with pytest.raises(ESConnectionError):
            indexing.index_suggestion(during.pk)
    finally:
        settings.ELASTICSEARCH_URL = real_url
        get_client.cache_clear()
    assert indexing.check(ALIAS_KIND) == {"missing": [str(during.pk)], "stale": [str(first.pk)], "extra": []}
    assert reconcile.apply().get() == {"suggestions": 2, "announcements": 0}
    get_client().indices.refresh(index=index_name(ALIAS_KIND))
    hits = search_suggestions(world.principal(world.hq), SearchParams(q="몰카"))
    assert [r["id"] for r in hits.results] == [during.pk]
    assert search_suggestions(world.principal(world.hq), SearchParams(status="answered")).count == 1


TASK_VERDICT = re.compile(r"Task search\.index_suggestion\[[^\]]+\] (succeeded|raised|failed)")


def test_index_task_runs_in_a_real_worker_on_commit(celery_worker, search_index, world):
    log_start = celery_worker.log_path.stat().st_size
    with transaction.atomic():
        s = world.suggestion("전동킥보드 인도 질주", "출근길 인도에서 킥보드가 너무 빨라요.")
        indexing.schedule_suggestion_index(s.pk)
    client = get_client()

    def indexed():
        # Waits for the worker's own verdict on the task (its first run also loads Kiwi and the
        # embedding model, slow on a loaded machine); a dead worker or a failed task fails at once.
        assert celery_worker.proc.poll() is None, "the worker exited"
        verdicts = TASK_VERDICT.findall(celery_worker.log_path.read_bytes()[log_start:].decode(errors="replace"))
        assert set(verdicts) <= {"succeeded"}, verdicts
        if not verdicts:
            return False
        client.indices.refresh(index=index_name(ALIAS_KIND))
        return client.exists(index=index_name(ALIAS_KIND), id=str(s.pk))

    # The timeout only guards against a hang; the verdict ends the wait.
    wait_until(indexed, timeout=600, what="search.index_suggestion in the worker")
    s.refresh_from_db()
    assert s.analysis["version"] == indexing.analysis.ANALYSIS_VERSION  # stored by the task
    assert "전동킥보드" in s.analysis["title"]["nouns"]  # whole: a user-dictionary word
    principal = world.principal(world.hq)
    assert [r["id"] for r in search_suggestions(principal, SearchParams(q="PM")).results] == [s.pk]
    # A rolled-back write queues nothing.
    with pytest.raises(RuntimeError), transaction.atomic():
        ghost = world.suggestion("유령", "롤백됩니다.")
        indexing.schedule_suggestion_index(ghost.pk)
        raise RuntimeError


@pytest.mark.django_db
def test_deleted_suggestion_is_removed_and_announcements_are_defensive(world, search_index):
    s = world.suggestion("가로등 고장", "골목이 어두워요.")
    assert indexing.index_suggestion(s.pk, refresh=True) is True
    s.delete()
    assert indexing.index_suggestion(s.pk, refresh=True) is False
    assert not get_client().exists(index=index_name(ALIAS_KIND), id=str(s.pk))
    # No such page: nothing indexed, no error.
    assert indexing.index_announcement(987654, refresh=True) is False
