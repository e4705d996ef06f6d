"""The public department statistics page reads stored figures (suggestions.public_stats): constant
queries whatever the number of answers, figures right after a publish, one recompute per burst."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxMessage
from suggestions import public_stats, services, tasks
from suggestions.models import PublicDepartmentStats, PublicStatsStale, Suggestion

pytestmark = pytest.mark.django_db
URL = reverse("suggestions:departments")
S = Suggestion.Status


def _answered(world, n: int) -> None:
    """`n` answered traffic proposals received 3 days before their answer (raw rows: a corpus)."""
    answered_at = timezone.now() - dt.timedelta(days=1)
    for i in range(n):
        world.suggestion(
            f"신호 연장 {i}",
            "보행 신호가 짧아요.",
            field="교통",
            status=S.ANSWERED,
            received_at=answered_at - dt.timedelta(days=3),
            answered_at=answered_at,
        )


def _row(response, department_name: str) -> list[str]:
    """The department's cells: 접수, 답변, 답변율, 평균 처리(영업일), (일), 만족도, 기한 경과."""
    html = response.content.decode()
    start = html.index(f'<th scope="row">{department_name}</th>')
    return re.findall(r"<td>(.*?)</td>", html[start : html.index("</tr>", start)])


def _queries(client) -> int:
    client.get(URL)  # per-process caches (ContentTypes, the Wagtail site)
    connection.queries_log.clear()  # a full log (maxlen) would capture nothing
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_answers(client, world):
    _answered(world, 10)
    public_stats.refresh(force=True)
    few = _queries(client)
    row = _row(client.get(URL), world.traffic.name)
    assert row[:3] == ["10", "10", "100.0%"] and row[4] == "3.0", row  # 평균 처리(일): received 3 days before
    _answered(world, 190)
    public_stats.refresh(force=True)
    many = _queries(client)
    assert _row(client.get(URL), world.traffic.name)[:2] == ["200", "200"]
    assert 1 <= few == many <= 4, f"queries with 10 vs 200 answers: {few} vs {many}"


def test_figures_after_a_publish(client, world):
    public_stats.refresh(force=True)
    assert _row(client.get(URL), world.traffic.name)[:3] == ["0", "0", "–"]
    s = world.file()
    answer = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="점검하겠습니다.")
    services.submit_answer(world.officer_traffic, answer)
    OutboxMessage.objects.all().delete()
    services.approve_answer(world.head_traffic, answer)  # 결재 = publication
    # The publication queued the refresh in its own transaction; the worker runs this task.
    assert OutboxMessage.objects.filter(task_name=public_stats.REFRESH_TASK).exists()
    assert tasks.refresh_public_stats() is True
    row = _row(client.get(URL), world.traffic.name)
    assert row[:3] == ["1", "1", "100.0%"] and row[5] == "–", row
    services.rate(world.member, s, 4)
    assert tasks.refresh_public_stats() is True
    assert _row(client.get(URL), world.traffic.name)[5] == "4.0 (1)"


def test_one_recompute_covers_a_burst(world):
    for _ in range(3):
        world.file()
    assert PublicStatsStale.objects.count() >= 3
    assert public_stats.refresh() is True
    assert not PublicStatsStale.objects.exists()
    assert public_stats.refresh() is False  # the tasks queued by the other writes find nothing to do
    assert PublicDepartmentStats.objects.get(department=world.traffic).total == 3


def test_a_rolled_back_write_marks_nothing(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        world.file()
        raise RuntimeError("rollback")
    assert not PublicStatsStale.objects.exists()
    assert not OutboxMessage.objects.filter(task_name=public_stats.REFRESH_TASK).exists()


def test_departments_without_figures_show_zeros_and_the_stamp_is_shown(client, world):
    html = client.get(URL).content.decode()
    assert world.traffic.name in html and 'id="stats-computed-at"' not in html
    public_stats.refresh(force=True)
    assert 'id="stats-computed-at"' in client.get(URL).content.decode()


def test_refreshes_keep_a_gap_proportional_to_their_cost(settings, world):
    public_stats.refresh(force=True)
    settings.PUBLIC_STATS_REFRESH_GAP = 1e9  # "the last recompute was expensive"
    world.file()
    assert public_stats.refresh() is False  # too soon: the mark waits for the beat's next run
    assert PublicStatsStale.objects.exists()
    assert PublicDepartmentStats.objects.get(department=world.traffic).total == 0
    settings.PUBLIC_STATS_REFRESH_GAP = 0
    assert public_stats.refresh() is True
    assert PublicDepartmentStats.objects.get(department=world.traffic).total == 1
