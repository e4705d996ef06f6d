"""Weekly digest of saved topic searches: new matches since the last digest and spikes."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from partners.access import principal_for

from .models import SavedSearch
from .params import ParamError, SearchParams
from .topics import search_suggestions, trends

logger = logging.getLogger(__name__)
SPIKE_FACTOR = 2.0
SPIKE_MIN = 3


def digest_for(saved: SavedSearch, now=None) -> dict | None:
    """What is new for one saved search: {"new_count", "new": [...], "spike": bool, "weekly": [...]}"""
    now = now or timezone.now()
    principal = principal_for(saved.owner)
    if not principal.can_view_hq:
        return None
    try:
        params = SearchParams.from_query(saved.params)
    except ParamError:
        return None
    since = saved.last_digest_at or (now - timedelta(days=7))
    new_params = SearchParams(**{**params.__dict__, "created_after": since, "sort": "date", "size": 10, "page": 1})
    new = search_suggestions(principal, new_params, facets=False)
    # Seoul dates: the query and the weekly buckets read dates in Asia/Seoul, and from 00:00 to
    # 08:59 KST the UTC date is still yesterday (this morning's suggestions would fall outside).
    today = timezone.localdate(now)
    week_params = SearchParams(**{**params.__dict__, "date_from": today - timedelta(weeks=5), "date_to": today})
    weekly = [b["total"] for b in trends(principal, week_params, "week")["buckets"]]
    last, previous = (weekly[-1], weekly[-5:-1]) if weekly else (0, [])
    baseline = sum(previous) / len(previous) if previous else 0.0
    spike = last >= SPIKE_MIN and last > SPIKE_FACTOR * baseline
    return {"new_count": new.count, "new": new.results, "spike": spike, "weekly": weekly, "baseline": baseline}


def send_weekly_digests(now=None) -> int:
    now = now or timezone.now()
    sent = 0
    for saved in SavedSearch.objects.select_related("owner").order_by("pk"):
        digest = digest_for(saved, now)
        if digest is None or not saved.owner.email:
            continue
        if digest["new_count"]:  # a spike is reported with the new matches that make it
            lines = [f"저장된 주제 검색 「{saved.name}」 주간 요약", ""]
            if digest["spike"]:
                lines.append(f"⚠ 급증: 최근 1주 {digest['weekly'][-1]}건 (이전 4주 평균 {digest['baseline']:.1f}건)")
            lines.append(f"새 제안 {digest['new_count']}건:")
            for r in digest["new"]:
                lines.append(
                    f"- {r['title']} ({r.get('field', '')}, {r.get('district') or '-'}) {settings.SITE_URL}{r['url']}"
                )
            query = urlencode(saved.params)
            lines += ["", f"검색 열기: {settings.SITE_URL}/hq/?{query}"]
            send_mail(
                f"[청] 주간 주제 검색 요약: {saved.name}" + (" (급증)" if digest["spike"] else ""),
                "\n".join(lines),
                None,
                [saved.owner.email],
            )
            sent += 1
        with transaction.atomic():
            SavedSearch.objects.filter(pk=saved.pk).update(last_digest_at=now)
    return sent
