"""The briefing task in a real Celery worker: queued by the service on commit, progress visible
while it runs, the PDF and XLSX stored and served."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from briefings import services
from briefings.models import Briefing
from core.models import AuditLog
from tests.briefings.conftest import render_pages
from tests.conftest import wait_until
from tests.search.conftest import index_all

pytestmark = pytest.mark.slow


def test_the_worker_builds_stores_and_serves_the_briefing(celery_worker, search_index, world, client):
    for n in range(4):
        world.suggestion("골목 가로등 고장", "골목 가로등이 꺼져 어두워요.", created=f"2026-11-{2 + n:02d}")
    index_all()
    briefing = services.request_briefing(world.hq, dt.date(2026, 11, 1))  # commits: the outbox publishes

    def finished() -> bool:
        assert celery_worker.proc.poll() is None, "the worker exited"
        b = Briefing.objects.get(pk=briefing.pk)
        assert b.state != Briefing.State.FAILED, b.error
        return b.state == Briefing.State.DONE

    wait_until(finished, timeout=600, interval=0.3, what="briefings.generate in the worker")
    done = Briefing.objects.get(pk=briefing.pk)
    assert done.progress == 100 and done.finished_at is not None and done.step == "완료"
    assert AuditLog.objects.filter(action="briefing.done", object_id=str(done.pk)).exists()
    client.force_login(world.hq)
    response = client.get(reverse("briefings:file", args=[done.pk, "pdf"]))
    pdf = b"".join(response.streaming_content)
    pages = render_pages(pdf, "briefing-worker")
    assert len(pages) >= 3 and "분야별 접수 건수" in "".join(t for t, _ in pages)
