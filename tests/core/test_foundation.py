"""The foundation works against the real services: PostgreSQL, Elasticsearch, Redis + Celery."""

import uuid

import pytest
from django.db import connection, transaction

from core import outbox
from core.models import AuditLog
from partners.models import Field
from tests.conftest import wait_until


@pytest.mark.django_db
def test_model_saved_to_postgresql():
    assert connection.vendor == "postgresql"
    Field.objects.create(slug="test-field", name="시험 분야", order=99)
    assert Field.objects.get(slug="test-field").name == "시험 분야"


def test_korean_document_found_in_real_elasticsearch(clean_es, settings):
    index = f"{settings.ES_INDEX_PREFIX}-foundation"
    clean_es.indices.create(index=index, mappings={"properties": {"text": {"type": "text"}}})
    clean_es.index(index=index, id="1", document={"text": "어린이 보호구역 가로등 고장"}, refresh=True)
    clean_es.index(index=index, id="2", document={"text": "집회 소음 문제"}, refresh=True)
    hits = clean_es.search(index=index, query={"match": {"text": "가로등"}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["1"]
    from search.client import node_version

    assert node_version(clean_es).startswith("8.19")


def test_task_runs_in_real_worker_through_redis(celery_worker):
    token = uuid.uuid4().hex
    with transaction.atomic():
        message = outbox.enqueue("tests.ping", token)
    message.refresh_from_db()
    assert message.published_at is not None  # on_commit published it to Redis
    wait_until(lambda: AuditLog.objects.filter(action="tests.ping", object_id=token).exists(), what="ping task")


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_queues_nothing():
    from core.models import OutboxMessage

    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("tests.ping", "never")
        raise RuntimeError("roll back")
    assert not OutboxMessage.objects.filter(args=["never"]).exists()
