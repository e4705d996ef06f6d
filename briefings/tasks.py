"""Celery task of the briefings app (queued by services.request_briefing through core.outbox)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils.translation import gettext as _

from search.client import SEARCH_UNAVAILABLE

from . import generate, services

logger = logging.getLogger(__name__)

MAX_RETRIES = 10


@shared_task(name="briefings.generate", bind=True, ignore_result=True, max_retries=MAX_RETRIES)
def generate_briefing(self, briefing_id: int) -> bool:
    """Search down: wait and retry (the briefing stays queued, saying why); any other error: failed."""
    try:
        return generate.run(briefing_id) is not None
    except SEARCH_UNAVAILABLE as exc:
        if self.request.retries >= MAX_RETRIES:
            services.fail(briefing_id, _("검색 서버에 연결할 수 없어 브리핑을 만들지 못했습니다."))
            return False
        services.note_waiting(briefing_id, _("검색 서버를 기다리는 중입니다. 잠시 후 다시 시도합니다."))
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600)) from exc
    except Exception as exc:
        logger.exception("briefing %s failed", briefing_id)
        services.fail(briefing_id, f"{type(exc).__name__}: {exc}")
        return False
