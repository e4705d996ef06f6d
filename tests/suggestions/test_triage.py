"""Every suggestion is on a clock: one no routing rule matches waits in HQ's triage queue with the
normal due date, HQ is told, reminders and the overdue digest include it, HQ routes it from the
queue. And the overdue digest reports its true total when it lists only the first rows."""

import datetime as dt

import pytest

from core.models import OutboxMessage
from partners.models import Field
from suggestions import deadlines, notifications, selectors
from suggestions.models import Notification, Suggestion, TimelineEvent

pytestmark = pytest.mark.django_db

S = Suggestion.Status


@pytest.fixture
def unrouted(world) -> Suggestion:
    """A field no routing rule and no department covers: nothing can route what is filed in it."""
    lost = Field.objects.create(slug="unowned", name="미지정 분야")
    return world.file(field=lost, title="어느 부서도 맡지 않은 분야의 제안")


def test_unrouted_suggestion_is_on_the_clock_in_hqs_triage_queue(world, unrouted, client):
    s = Suggestion.objects.get(pk=unrouted.pk)
    received_on = deadlines.local_date(s.received_at)
    assert received_on is not None
    assert s.status == S.RECEIVED and s.department_id is None
    assert s.due_date == deadlines.due_date_for(s.kind, None, received_on)  # the normal clock, from receipt

    # HQ is told: the event queues a notification (same transaction) and its notice goes to HQ only.
    event = TimelineEvent.objects.get(suggestion=s, kind=TimelineEvent.Kind.ROUTING_FAILED)
    assert OutboxMessage.objects.filter(task_name="suggestions.send_notification", args=[event.pk]).exists()
    assert notifications.deliver_event(event.pk) > 0
    told = Notification.objects.filter(kind=TimelineEvent.Kind.ROUTING_FAILED, channel="in_app")
    assert set(told.values_list("user", flat=True)) == {world.hq.pk}
    assert s.title in told.get().message and s.due_date.isoformat() in told.get().message

    # The queue: HQ sees it (and only HQ); the HQ page lists it with a routing form.
    assert list(selectors.triage_queue(world.principal(world.hq))) == [s]
    assert not selectors.triage_queue(world.principal(world.officer_traffic)).exists()
    client.force_login(world.hq)
    page = client.get("/suggestions/hq/").content.decode()
    queue = page[page.index('id="triage-queue"') : page.index("</table>", page.index('id="triage-queue"'))]
    assert s.title in queue and f"/admin/inbox/{s.pk}/action/reassign/" in queue

    # Reminders (to HQ, as nobody else has it) and the overdue digest see it.
    assert s.due_date is not None
    assert notifications.send_deadline_reminders(s.due_date) > 0
    reminder = Notification.objects.get(kind="reminder", suggestion=s, channel="in_app")
    assert reminder.user_id == world.hq.pk
    assert notifications.send_overdue_digest(s.due_date + dt.timedelta(days=1)) > 0
    digest = Notification.objects.get(user=world.hq, kind="overdue", channel="in_app")
    assert s.title in digest.message and "미배정" in digest.message

    # HQ routes it from the queue: assigned, the clock kept (it started at receipt), out of the queue.
    response = client.post(
        f"/admin/inbox/{s.pk}/action/reassign/", {"to_department": world.safety.pk, "reason": "분류"}
    )
    assert response.status_code == 302
    routed = Suggestion.objects.get(pk=s.pk)
    assert routed.status == S.ASSIGNED and routed.department_id == world.safety.pk
    assert routed.due_date == s.due_date
    assert not selectors.triage_queue(world.principal(world.hq)).exists()


def test_overdue_digest_reports_the_true_total_and_says_when_it_lists_the_top_rows(world):
    today = dt.date(2026, 11, 23)
    for i in range(53):
        world.suggestion(
            f"기한 지난 제안 {i:02d}",
            "본문",
            field="교통",
            status=S.ASSIGNED,
            due_date=today - dt.timedelta(days=60 - i),
        )
    assert notifications.send_overdue_digest(today) > 0
    message = Notification.objects.get(user=world.hq, kind="overdue", channel="in_app").message
    assert "53건" in message.splitlines()[0], message.splitlines()[0]
    assert "상위 50건" in message
    listed = [line for line in message.splitlines() if line.startswith("- ")]
    assert len(listed) == 50
    assert "기한 지난 제안 00" in message and "기한 지난 제안 52" not in message  # oldest deadlines first


def test_overdue_digest_lists_everything_when_it_fits(world):
    today = dt.date(2026, 11, 23)
    for i in range(3):
        world.suggestion(
            f"기한 지난 {i}", "본문", field="교통", status=S.ASSIGNED, due_date=today - dt.timedelta(days=5)
        )
    notifications.send_overdue_digest(today)
    message = Notification.objects.get(user=world.hq, kind="overdue", channel="in_app").message
    assert "3건" in message.splitlines()[0] and "상위" not in message
    assert len([line for line in message.splitlines() if line.startswith("- ")]) == 3
