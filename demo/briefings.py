"""Demo data for the monthly briefing (idempotent): last month's briefing made at seed time (done),
and an older request that failed (how a failure shows). Without Elasticsearch, last month's stays
queued for the worker (the outbox publishes it when the broker is up)."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from briefings import generate, services
from briefings.models import Briefing
from core import outbox
from search.client import SEARCH_UNAVAILABLE

logger = logging.getLogger(__name__)


def _month_before(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


def seed_briefings() -> str:
    hq = get_user_model().objects.filter(username="hq").first()
    if hq is None:
        return "no hq account: skipped"
    last = _month_before(timezone.localdate().replace(day=1))
    older = _month_before(last)
    if not Briefing.objects.filter(month=older, state=Briefing.State.FAILED).exists():
        failed = Briefing.objects.create(month=older, requested_by=hq, step="대기 중")
        services.fail(failed.pk, "검색 서버에 연결할 수 없어 브리핑을 만들지 못했습니다. (데모: 실패한 요청의 모습)")
    done = Briefing.objects.filter(month=last, state__in=[Briefing.State.DONE, Briefing.State.QUEUED]).first()
    if done is not None:
        return f"{last:%Y-%m} briefing already {done.state}"
    briefing = Briefing.objects.create(month=last, requested_by=hq, step="대기 중")
    try:
        generate.run(briefing.pk)
    except SEARCH_UNAVAILABLE:
        logger.warning("demo: Elasticsearch unavailable; the %s briefing is left to the worker", last)
        Briefing.objects.filter(pk=briefing.pk).update(state=Briefing.State.QUEUED, step="검색 서버 대기 중")
        outbox.enqueue(services.TASK, briefing.pk)
        return f"{last:%Y-%m} briefing queued (search unavailable)"
    return f"{last:%Y-%m} briefing done"
