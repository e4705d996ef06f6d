"""Demo data for the monthly briefing (idempotent): last month's briefing and that of the demo
corpus's busiest month (its proposals are dated in the past) made at seed time (done), and an older
request that failed (how a failure shows). Without Elasticsearch a briefing is left queued for the
worker (the outbox publishes it when the broker is up)."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from briefings import generate, services
from briefings.models import Briefing
from core import outbox
from search.client import SEARCH_UNAVAILABLE
from suggestions.models import Suggestion

logger = logging.getLogger(__name__)


def _month_before(first: dt.date) -> dt.date:
    return (first - dt.timedelta(days=1)).replace(day=1)


def _busiest_month(before: dt.date) -> dt.date | None:
    """The month with the most filings before `before` (ties: the newest)."""
    rows = (
        Suggestion.objects.filter(created_at__date__lt=before)
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("-n", "-month")
    )
    first = rows.first()
    return timezone.localtime(first[0]).date().replace(day=1) if first else None


def _make(month: dt.date, hq) -> str:
    if Briefing.objects.filter(month=month, state__in=[Briefing.State.DONE, Briefing.State.QUEUED]).exists():
        return f"{month:%Y-%m} already made"
    briefing = Briefing.objects.create(month=month, requested_by=hq, step="대기 중")
    try:
        generate.run(briefing.pk)
    except SEARCH_UNAVAILABLE:
        logger.warning("demo: Elasticsearch unavailable; the %s briefing is left to the worker", month)
        Briefing.objects.filter(pk=briefing.pk).update(state=Briefing.State.QUEUED, step="검색 서버 대기 중")
        outbox.enqueue(services.TASK, briefing.pk)
        return f"{month:%Y-%m} queued (search unavailable)"
    return f"{month:%Y-%m} done"


def seed_briefings() -> str:
    hq = get_user_model().objects.filter(username="hq").first()
    if hq is None:
        return "no hq account: skipped"
    last = _month_before(timezone.localdate().replace(day=1))
    busiest = _busiest_month(last)
    older = _month_before(busiest or last)
    if not Briefing.objects.filter(month=older, state=Briefing.State.FAILED).exists():
        failed = Briefing.objects.create(month=older, requested_by=hq, step="대기 중")
        services.fail(failed.pk, "검색 서버에 연결할 수 없어 브리핑을 만들지 못했습니다. (데모: 실패한 요청의 모습)")
    made = [_make(last, hq)]
    if busiest is not None and busiest != last:
        made.append(_make(busiest, hq))
    return f"{'; '.join(made)}; {older:%Y-%m} failed (example)"
