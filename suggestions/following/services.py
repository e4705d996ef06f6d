"""Writes of 팔로우·대화·반영: follow / unfollow, a message in the private thread, and the 반영 record
(`mark_implemented` in suggestions.services.answers writes it). Each records its audit row."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext

from core import audit
from partners import access

from .. import deadlines, notifications
from ..models import Suggestion
from ..services.events import _actor, _deny, _lock, _principal
from ..text import html_to_text
from ..workflow import INACTIVE_STATES, WorkflowError
from .models import Follow, Implementation, ThreadMessage

MESSAGE_MAX = 2000
SUMMARY_MAX = 4000


def follow(user, suggestion: Suggestion) -> Follow:
    """팔로우 (no error when already following: the button is idempotent)."""
    if not access.can_follow(_principal(user), suggestion):
        raise _deny(gettext("다른 회원의 제안만 팔로우할 수 있습니다."))
    if suggestion.status in INACTIVE_STATES:
        raise WorkflowError(gettext("철회되었거나 병합된 제안은 팔로우할 수 없습니다."), code="inactive")
    with transaction.atomic():
        row, created = Follow.objects.get_or_create(suggestion=suggestion, user=user)
        if created:
            audit.record(user, "suggestion.followed", suggestion)
    return row


def follow_on_support(user, suggestion: Suggestion) -> None:
    """Supporting follows (inside the support's transaction; a concurrent double is harmless)."""
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(suggestion=suggestion, user=user)
    except IntegrityError:
        pass


def unfollow(user, suggestion: Suggestion) -> bool:
    """알림 끄기: no more notices about it (a support stays a support). True when a follow ended."""
    with transaction.atomic():
        deleted, _ = Follow.objects.filter(suggestion=suggestion, user_id=getattr(user, "pk", 0) or 0).delete()
        if deleted:
            audit.record(user, "suggestion.unfollowed", suggestion)
    return bool(deleted)


def _clean_body(body: str) -> str:
    text = html_to_text(body or "")
    if not text:
        raise ValidationError({"body": gettext("내용을 입력해 주세요.")})
    if len(text) > MESSAGE_MAX:
        raise ValidationError(
            {
                "body": gettext("내용은 %(max)d자 이내로 적어 주세요. (지금 %(n)d자)")
                % {"max": MESSAGE_MAX, "n": len(text)}
            }
        )
    return text


def post_message(user, suggestion: Suggestion, body: str) -> ThreadMessage:
    """A message in the private thread; the other side is told (the proposer, or the department)."""
    principal = _principal(user)
    if not access.can_write_thread(principal, suggestion):
        raise _deny(gettext("작성자와 담당 부서만 이 대화에 글을 쓸 수 있습니다."))
    text = _clean_body(body)
    with transaction.atomic():
        s = _lock(suggestion)
        if s.status in INACTIVE_STATES:
            raise WorkflowError(gettext("철회되었거나 병합된 제안에는 대화를 남길 수 없습니다."), code="inactive")
        if s.department_id is None:
            raise WorkflowError(gettext("담당 부서가 정해진 뒤에 대화를 남길 수 있습니다."), code="no_department")
        from_police = not access.is_author(principal, s)
        msg = ThreadMessage.objects.create(
            suggestion=s, author=_actor(user), from_police=from_police, department_id=s.department_id, body=text
        )
        audit.record(user, "suggestion.thread_message", s, message=msg.pk, from_police=from_police)
        _notify_thread(s, msg)
    return msg


def _notify_thread(s: Suggestion, msg: ThreadMessage) -> int:
    site = settings.SITE_URL
    if msg.from_police:
        if s.author is None or not s.author.is_active:
            return 0
        text = gettext("제안 ‘%(title)s’에 담당 부서의 답글이 있습니다: %(body)s")
        params = {"title": s.title, "body": msg.body[:200]}
        link = site + reverse("suggestions:detail", args=[s.pk]) + "#thread"
        return notifications.deliver(
            s.author, kind="thread_message", message=text % params, key=f"thread:{msg.pk}", suggestion=s, link=link
        )
    text = gettext("[제안 대화] 작성자가 제안 ‘%(title)s’에 글을 남겼습니다: %(body)s")
    params = {"title": s.title, "body": msg.body[:200]}
    link = site + reverse("suggestions_inbox:detail", args=[s.pk]) + "#thread"
    sent = 0
    for officer in notifications._department_users(s.department_id):
        sent += notifications.deliver(
            officer, kind="thread_message", message=text % params, key=f"thread:{msg.pk}", suggestion=s, link=link
        )
    return sent


def record_implementation(
    user, s: Suggestion, *, summary: str, implemented_on: dt.date | None, announcement
) -> Implementation:
    """The 반영 record of a locked suggestion being marked implemented (called by `mark_implemented`)."""
    text = html_to_text(summary or "")
    errors = {}
    if not text:
        errors["summary"] = gettext("무엇이 바뀌었는지(변경 내용)를 입력해 주세요.")
    elif len(text) > SUMMARY_MAX:
        errors["summary"] = gettext("변경 내용은 %(max)d자 이내로 적어 주세요.") % {"max": SUMMARY_MAX}
    today = deadlines.local_today()
    day = implemented_on or today
    if day > today:
        errors["implemented_on"] = gettext("반영일은 오늘 이후일 수 없습니다.")
    if errors:
        raise ValidationError(errors)
    assert s.department_id is not None  # only answered (hence routed) proposals are implemented
    row, _created = Implementation.objects.update_or_create(
        suggestion=s,
        defaults={
            "summary": text,
            "implemented_on": day,
            "department_id": s.department_id,
            "announcement": announcement,
            "recorded_by": _actor(user),
        },
    )
    return row
