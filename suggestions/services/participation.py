"""What members do to suggestions: the author's withdrawal and rating, everyone's 공감 (support),
and the merging of duplicates (their supporters carry over)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from core import audit
from partners import access

from ..following.services import follow_on_support
from ..models import Answer, Rating, Suggestion, Support, TimelineEvent
from ..signals import send_suggestion_changed
from ..text import html_to_text
from ..workflow import ANSWERED_STATES, INACTIVE_STATES, WorkflowError, can_transition, require_status
from .events import _deny, _lock, _move, _principal, record_event

S = Suggestion.Status
K = TimelineEvent.Kind


def withdraw(user, suggestion: Suggestion, reason: str = "") -> Suggestion:
    """철회 by the author, before an answer."""
    if not access.can_withdraw(_principal(user), suggestion):
        raise _deny(gettext("작성자만 철회할 수 있습니다."))
    with transaction.atomic():
        s = _lock(suggestion)
        old = _move(s, S.WITHDRAWN)
        s.paused_at = None
        s.save(update_fields=["status", "paused_at", "updated_at"])
        record_event(s, user, K.WITHDRAWN, from_status=old, to_status=S.WITHDRAWN, message=reason.strip())
    return s


def _recount(s: Suggestion) -> int:
    s.support_count = Support.objects.filter(suggestion=s).count()
    s.save(update_fields=["support_count", "updated_at"])
    return s.support_count


def _receipt_order(s: Suggestion) -> tuple:
    return (s.received_at or s.created_at, s.pk)


def merge(user, duplicate: Suggestion, survivor: Suggestion, reason: str = "") -> Suggestion:
    """병합: the duplicate points to the survivor; its supporters (and author) carry over.

    The one received first keeps precedence (국민 제안 규정 제6조③), whichever the officer picked: when
    the picked duplicate was received first the two swap (recorded as `swapped`), and when the later
    one can no longer be merged (already answered) the merge is refused. Returns the merged one."""
    principal = _principal(user)
    if not access.can_handle(principal, duplicate):
        raise _deny()
    if not access.can_handle(principal, survivor):  # worded like a missing one: reveals nothing
        raise ValidationError({"survivor": gettext("남길 제안 번호를 확인해 주세요.")})
    if duplicate.pk == survivor.pk:
        raise WorkflowError(gettext("같은 제안끼리는 병합할 수 없습니다."), code="self_merge")
    with transaction.atomic():
        first, second = sorted([duplicate.pk, survivor.pk])
        locked = {x.pk: x for x in Suggestion.objects.select_for_update().filter(pk__in=[first, second])}
        dup, surv = locked[duplicate.pk], locked[survivor.pk]
        if surv.status in INACTIVE_STATES:
            raise WorkflowError(gettext("병합되었거나 철회된 제안으로는 병합할 수 없습니다."), code="bad_survivor")
        swapped = _receipt_order(dup) < _receipt_order(surv)
        if swapped:
            if not can_transition(surv.status, S.MERGED):
                raise WorkflowError(
                    gettext(
                        "먼저 접수된 제안 #%(first)s이(가) 우선합니다. 나중에 접수된 제안 #%(later)s은(는) "
                        "이미 처리가 끝나 병합할 수 없습니다."
                    )
                    % {"first": dup.pk, "later": surv.pk},
                    code="precedence",
                )
            dup, surv = surv, dup
        old = _move(dup, S.MERGED)
        dup.merged_into = surv
        dup.paused_at = None
        dup.save(update_fields=["status", "merged_into", "paused_at", "updated_at"])
        carried = 0
        movers = set(Support.objects.filter(suggestion=dup).values_list("user_id", flat=True))
        if dup.author_id:
            movers.add(dup.author_id)
        movers.discard(surv.author_id)
        existing = set(Support.objects.filter(suggestion=surv).values_list("user_id", flat=True))
        for uid in sorted(movers - existing):
            Support.objects.create(suggestion=surv, user_id=uid)
            carried += 1
        _recount(surv)
        _recount(dup)
        record_event(
            dup,
            user,
            K.MERGED,
            from_status=old,
            to_status=S.MERGED,
            message=reason.strip(),
            merged_into=surv.pk,
            survivor_title=surv.title,
            swapped=swapped,
        )
        record_event(surv, user, K.MERGED_IN, police_only=False, merged=dup.pk, carried_supports=carried, notify=False)
    return dup


def support(user, suggestion: Suggestion) -> Support:
    """공감: one per partner member, not on one's own suggestion."""
    principal = _principal(user)
    if not access.can_support(principal, suggestion):
        raise _deny(gettext("다른 회원의 제안에만 공감할 수 있습니다."))
    if suggestion.status in INACTIVE_STATES:
        raise WorkflowError(gettext("철회되었거나 병합된 제안에는 공감할 수 없습니다."))
    try:
        with transaction.atomic():
            s = _lock(suggestion)
            sup = Support.objects.create(suggestion=s, user=user)
            follow_on_support(user, s)  # 공감 follows; 알림 끄기 ends the follow, not the support
            _recount(s)
            audit.record(user, "suggestion.supported", s, support_count=s.support_count)
            send_suggestion_changed(s.pk)
    except IntegrityError:
        raise WorkflowError(gettext("이미 공감한 제안입니다."), code="already_supported") from None
    return sup


def unsupport(user, suggestion: Suggestion) -> None:
    with transaction.atomic():
        s = _lock(suggestion)
        deleted, _ = Support.objects.filter(suggestion=s, user=user).delete()
        if deleted:
            _recount(s)
            audit.record(user, "suggestion.unsupported", s, support_count=s.support_count)
            send_suggestion_changed(s.pk)


def rate(user, suggestion: Suggestion, score: int, comment: str = "", is_complaint: bool = False):
    """만족도: the author rates the published answer version once (1–5, optional comment, "민원으로
    접수"); a corrected answer (a new published version) can be rated again."""
    if not access.can_rate(_principal(user), suggestion):
        raise _deny(gettext("작성자만 만족도를 남길 수 있습니다."))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": gettext("만족도는 1~5점 중에서 골라 주세요.")})
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, ANSWERED_STATES, gettext("만족도 평가"))
        answer = published_answer_of(s)
        if answer is None:
            raise WorkflowError(gettext("게시된 답변이 없어 만족도를 남길 수 없습니다."), code="no_answer")
        if Rating.objects.filter(suggestion=s, answer=answer).exists():
            raise WorkflowError(
                gettext("이 답변에는 이미 만족도를 남겼습니다. 답변이 정정되면 다시 평가할 수 있습니다."),
                code="already_rated",
            )
        rating = Rating.objects.create(
            suggestion=s,
            answer=answer,
            user=user,
            score=score,
            comment=html_to_text(comment)[:2000],
            is_complaint=bool(is_complaint),
        )
        record_event(
            s,
            user,
            K.RATED,
            notify=False,
            index=False,
            score=score,
            version=answer.version,
            complaint=rating.is_complaint,
        )
        _open_callback(s, rating, user)
    return rating


def _open_callback(s: Suggestion, rating: Rating, user) -> None:
    """A rating of 2 or less, or one flagged 민원, enters the 청렴 콜 queue (same transaction)."""
    from ..callbacks.services import open_case

    if rating.is_complaint:
        open_case(s, "complaint", rating=rating, actor=user)
    elif rating.score <= 2:
        open_case(s, "low_rating", rating=rating, actor=user)


def published_answer_of(s: Suggestion) -> Answer | None:
    """The answer version in force (a correction supersedes the one before)."""
    return Answer.objects.filter(suggestion=s, state=Answer.State.PUBLISHED).order_by("-version", "-id").first()
