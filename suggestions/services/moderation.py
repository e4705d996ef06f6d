"""Moderation: partners report (신고) a proposal or the proposer's rating comment; `MODERATION_HIDE_AFTER`
open reports (default 3) hide it pending review; a moderator hides, restores or edits it to mask the
offending text. Every step is audited; hiding, restoring and masking tell the author why (a timeline
event of the catalogue, notified through the outbox) and re-index the suggestion, so a hidden one
leaves the search index and a restored one comes back.

Hidden proposals stay with the police (the department keeps working on them) and their author (who
sees "검토 중"); everyone else gets the same 404 as for a missing one. A hidden rating comment is
shown to non-police as "검토 중인 의견입니다". Masking replaces the text for good: the original is not
kept (it is usually the personal data being removed); the audit row records which fields changed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core import audit
from core.errors import DomainError
from partners import access

from ..models import ContentReport, Rating, Suggestion, TimelineEvent
from ..text import html_to_text, sanitize
from .events import SystemActor, _deny, _lock, _principal, record_event

K = TimelineEvent.Kind
R = ContentReport.Resolution
# The third report hides the item on the system's account (no actor), and the author is told.
THRESHOLD = SystemActor("moderation", notify=True)


class ModerationError(DomainError):
    default_code = "moderation"


def hide_after() -> int:
    return max(1, int(getattr(settings, "MODERATION_HIDE_AFTER", 3)))


def _reason(value: str) -> str:
    if value not in ContentReport.Reason.values:
        raise ValidationError({"reason": gettext("신고 사유를 골라 주세요 (욕설·비방, 개인정보 노출, 주제와 무관).")})
    return value


def _open_reports(s: Suggestion, rating: Rating | None):
    qs = ContentReport.objects.filter(suggestion=s, resolved_at__isnull=True)
    return qs.filter(rating=rating) if rating is not None else qs.filter(rating__isnull=True)


def _rating(s: Suggestion, target: str) -> Rating | None:
    if target == ContentReport.Target.SUGGESTION:
        return None
    if target != ContentReport.Target.RATING:
        raise ValidationError({"target": gettext("신고 대상은 제안 또는 평가 의견입니다.")})
    current = s.current_rating  # the comment on the answer in force
    rating = Rating.objects.select_for_update().filter(pk=current.pk).first() if current else None
    if rating is None or not rating.comment:
        raise ValidationError({"target": gettext("신고할 평가 의견이 없습니다.")})
    return rating


def _is_hidden(s: Suggestion, rating: Rating | None) -> bool:
    return (rating.comment_hidden_at if rating is not None else s.hidden_at) is not None


def _set_hidden(s: Suggestion, rating: Rating | None, reason: str) -> None:
    now = timezone.now()
    if rating is not None:
        rating.comment_hidden_at, rating.comment_hidden_reason = now, reason
        rating.save(update_fields=["comment_hidden_at", "comment_hidden_reason"])
    else:
        s.hidden_at, s.hidden_reason = now, reason
        s.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])


def _clear_hidden(s: Suggestion, rating: Rating | None) -> None:
    if rating is not None:
        rating.comment_hidden_at, rating.comment_hidden_reason = None, ""
        rating.save(update_fields=["comment_hidden_at", "comment_hidden_reason"])
    else:
        s.hidden_at, s.hidden_reason = None, ""
        s.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])


def _event(s: Suggestion, actor, kind: str, rating: Rating | None, reason: str, **data) -> None:
    """The author's notice and the timeline say what (제안 / 평가 의견) and why, e.g. "평가 의견: 욕설·비방"."""
    target = ContentReport.Target.RATING if rating is not None else ContentReport.Target.SUGGESTION
    why = str(ContentReport.Reason(reason).label) if reason in ContentReport.Reason.values else reason
    record_event(s, actor, kind, message=f"{target.label}: {why}", target=str(target), reason=reason, **data)


def report(user, suggestion: Suggestion, reason: str, *, target: str = "suggestion", note: str = "") -> ContentReport:
    """One report per user per item; the `hide_after()`-th open report hides the item."""
    if not access.can_report(_principal(user), suggestion):
        raise _deny(gettext("이 글을 신고할 수 없습니다."))
    reason = _reason(reason)
    with transaction.atomic():
        s = _lock(suggestion)
        rating = _rating(s, target)
        try:
            with transaction.atomic():
                r = ContentReport.objects.create(
                    suggestion=s, rating=rating, reporter=user, reason=reason, note=html_to_text(note)[:1000]
                )
        except IntegrityError:
            raise ModerationError(gettext("이미 신고한 글입니다."), code="already_reported") from None
        audit.record(user, "moderation.reported", r, suggestion=s.pk, target=str(r.target), reason=reason)
        if not _is_hidden(s, rating) and _open_reports(s, rating).count() >= hide_after():
            _set_hidden(s, rating, reason)
            _event(s, THRESHOLD, K.MODERATION_HIDDEN, rating, reason, reports=_open_reports(s, rating).count())
    return r


def _moderated(user, suggestion: Suggestion, target: str):
    if not access.can_moderate(_principal(user)):
        raise _deny()
    s = _lock(suggestion)
    return s, _rating(s, target)


def _resolve(user, s: Suggestion, rating: Rating | None, resolution: str) -> int:
    return _open_reports(s, rating).update(resolved_at=timezone.now(), resolution=resolution, resolved_by=user)


def hide(user, suggestion: Suggestion, reason: str, *, target: str = "suggestion") -> Suggestion:
    """A moderator hides the item (or confirms the automatic hiding) with a reason."""
    reason = _reason(reason)
    with transaction.atomic():
        s, rating = _moderated(user, suggestion, target)
        if not _is_hidden(s, rating):
            _set_hidden(s, rating, reason)
        elif rating is not None:
            rating.comment_hidden_reason = reason
            rating.save(update_fields=["comment_hidden_reason"])
        else:
            s.hidden_reason = reason
            s.save(update_fields=["hidden_reason"])
        closed = _resolve(user, s, rating, R.HIDDEN)
        _event(s, user, K.MODERATION_HIDDEN, rating, reason, reports=closed, by_moderator=True)
    return s


def restore(user, suggestion: Suggestion, *, target: str = "suggestion", note: str = "") -> Suggestion:
    """The reports did not hold: the item is shown (and indexed) again."""
    with transaction.atomic():
        s, rating = _moderated(user, suggestion, target)
        if not _is_hidden(s, rating) and not _open_reports(s, rating).exists():
            raise ModerationError(gettext("숨겨진 글도, 처리할 신고도 없습니다."), code="nothing_to_restore")
        _clear_hidden(s, rating)
        closed = _resolve(user, s, rating, R.RESTORED)
        _event(
            s,
            user,
            K.MODERATION_RESTORED,
            rating,
            html_to_text(note)[:500] or gettext("신고 검토 결과 문제없음"),
            reports=closed,
        )
    return s


def mask(
    user, suggestion: Suggestion, reason: str, *, target: str = "suggestion", title: str = "", body: str = ""
) -> Suggestion:
    """Edit-to-mask: the moderator's edited text replaces the offending one, and the item is shown again.
    For a proposal `title` and `body` (HTML, sanitized); for a rating comment `body` (plain text)."""
    reason = _reason(reason)
    with transaction.atomic():
        s, rating = _moderated(user, suggestion, target)
        changed: list[str] = []
        if rating is not None:
            text = html_to_text(body)[:2000]
            if not text:
                raise ValidationError({"body": gettext("가린 뒤의 의견을 입력해 주세요.")})
            if text != rating.comment:
                rating.comment, changed = text, ["comment"]
                rating.save(update_fields=["comment"])
        else:
            new_title, new_body = " ".join(title.split())[:200], sanitize(body)
            if not new_title or not html_to_text(new_body):
                raise ValidationError({"body": gettext("가린 뒤의 제목과 내용을 입력해 주세요.")})
            changed = [name for name, value in (("title", new_title), ("body", new_body)) if getattr(s, name) != value]
            s.title, s.body = new_title, new_body
            s.save(update_fields=["title", "body", "updated_at"])
        if not changed:
            raise ValidationError({"body": gettext("바뀐 내용이 없습니다. 가릴 부분을 고쳐 주세요.")})
        _clear_hidden(s, rating)
        closed = _resolve(user, s, rating, R.MASKED)
        _event(s, user, K.MODERATION_MASKED, rating, reason, reports=closed, fields=changed)
    return s
