"""The timeline-event catalogue: for each `TimelineEvent.Kind`, who is told and with which text, and
the timeline message the system writes itself. The kind's label is its `TimelineEvent.Kind` label.

Texts are Korean msgids marked with `gettext_noop`: a timeline message is stored (and audited) in
Korean exactly as written, and translated only when shown; a notification is translated when sent.
Placeholders are the `params` of the event (see `notice_text`) or keys of `event.data`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from .models import TimelineEvent

K = TimelineEvent.Kind


class Audience(enum.Enum):
    PROPOSER = "proposer"  # the suggestion's author (never told about police-only events)
    DEPARTMENT = "department"  # the responsible department's active officers
    HEADS = "heads"  # the responsible department's heads (결재권자)
    ANSWER_AUTHOR = "answer_author"  # the officer who wrote the answer in event.data["answer"]
    HQ = "hq"  # HQ analysts (본청)
    APPROVERS = "approvers"  # who may approve the current step of event.data["answer"] (deputies included)
    FOLLOWERS = "followers"  # partners following the suggestion (suggestions.following), who still see it


@dataclass(frozen=True)
class EventSpec:
    # (audience, message template) in the order they are sent.
    notices: tuple[tuple[Audience, str], ...] = ()
    # The message the system writes on the timeline (a template over event.data), if it writes one.
    timeline: str = ""


P, D, H, AA, HQ = Audience.PROPOSER, Audience.DEPARTMENT, Audience.HEADS, Audience.ANSWER_AUTHOR, Audience.HQ
AP = Audience.APPROVERS
F = Audience.FOLLOWERS

CATALOGUE: dict[str, EventSpec] = {
    K.SUBMITTED: EventSpec(),
    K.RECEIVED: EventSpec(notices=((P, N_("제안 ‘%(title)s’이(가) 접수되었습니다.")),)),
    K.ASSIGNED: EventSpec(
        notices=(
            (P, N_("제안 ‘%(title)s’이(가) %(department)s에 배정되었습니다. 처리 기한: %(due)s")),
            (D, N_("[부서 배정] 새 제안 ‘%(title)s’ (처리 기한 %(due)s)")),
        ),
        timeline=N_("%(department_name)s에 배정되었습니다."),
    ),
    K.TRANSFERRED: EventSpec(
        notices=(
            (P, N_("제안 ‘%(title)s’의 담당 부서가 %(department)s(으)로 바뀌었습니다.")),
            (D, N_("[부서 배정] 이송된 제안 ‘%(title)s’ (처리 기한 %(due)s)")),
        )
    ),
    K.TRANSFER_REQUESTED: EventSpec(notices=((HQ, N_("[이송 요청] 제안 ‘%(title)s’: %(message)s")),)),
    K.TRANSFER_REJECTED: EventSpec(),
    K.ROUTING_FAILED: EventSpec(
        notices=(
            (HQ, N_("[배정 대기] 제안 ‘%(title)s’을(를) 맡을 부서가 없어 본청 분류함에 있습니다. 처리 기한: %(due)s")),
        ),
        timeline=N_("배정 규칙이 없어 본청 배정 대기"),
    ),
    K.REVIEW_STARTED: EventSpec(),
    K.SUPPLEMENT_REQUESTED: EventSpec(notices=((P, N_("제안 ‘%(title)s’에 보완 요청이 있습니다: %(message)s")),)),
    K.SUPPLEMENTED: EventSpec(
        notices=((D, N_("[보완 완료] 제안 ‘%(title)s’에 작성자의 보완 내용이 등록되었습니다.")),)
    ),
    K.EXTENSION_REQUESTED: EventSpec(
        notices=((H, N_("[연장 결재 요청] 제안 ‘%(title)s’ 처리 기한 %(due)s → %(new_due)s: %(message)s")),)
    ),
    K.EXTENSION_REJECTED: EventSpec(
        notices=((D, N_("[연장 반려] 제안 ‘%(title)s’의 처리 기한 연장이 반려되었습니다: %(message)s")),)
    ),
    K.EXTENDED: EventSpec(
        notices=((P, N_("제안 ‘%(title)s’의 처리 기한이 %(due)s(으)로 연장되었습니다. 사유: %(message)s")),)
    ),
    K.INTERIM_NOTICE: EventSpec(
        notices=((P, N_("제안 ‘%(title)s’을(를) 처리하고 있습니다. 현재 %(message)s")),),
        timeline=N_("상태: %(status)s, 처리 예정일: %(due_date)s"),
    ),
    K.PROGRESS_ASKED: EventSpec(
        notices=(
            (P, N_("[진행 상황] 제안 ‘%(title)s’ — %(message)s")),
            (D, N_("[진행 상황 문의] 작성자가 제안 ‘%(title)s’의 진행 상황을 물었습니다 (처리 기한 %(due)s).")),
        ),
        timeline=N_("상태: %(status)s, 처리 예정일: %(due_date)s"),
    ),
    K.DELAY_REASON: EventSpec(notices=((P, N_("제안 ‘%(title)s’의 처리가 늦어지고 있습니다. 사유: %(message)s")),)),
    K.SITE_CHECK: EventSpec(
        notices=((P, N_("제안 ‘%(title)s’의 현장 진단이 예정되었습니다. %(message)s")),),
        timeline=N_("%(scheduled_for)s 현장 진단 예정"),
    ),
    K.SITE_CHECK_DONE: EventSpec(notices=((P, N_("제안 ‘%(title)s’의 현장 진단 결과가 등록되었습니다.")),)),
    K.REFERRED: EventSpec(
        notices=((P, N_("제안 ‘%(title)s’이(가) 관계기관에 통보되었습니다. %(message)s")),),
        timeline=N_("%(agency)s에 통보"),
    ),
    K.REFERRAL_REPLY: EventSpec(
        notices=((P, N_("제안 ‘%(title)s’에 관계기관 회신이 등록되었습니다.")),),
        timeline=N_("%(agency)s 회신: %(reply)s"),
    ),
    K.ANSWER_DRAFTED: EventSpec(),
    K.ANSWER_EDITED: EventSpec(),
    K.ANSWER_SUBMITTED: EventSpec(
        notices=((AP, N_("[결재 요청] 제안 ‘%(title)s’의 답변(v%(version)s)이 결재를 기다립니다.")),)
    ),
    K.ANSWER_STEP_APPROVED: EventSpec(
        notices=((AP, N_("[결재 요청] 제안 ‘%(title)s’의 답변(v%(version)s)이 다음 단계 결재를 기다립니다.")),)
    ),
    K.DELEGATED_APPROVAL: EventSpec(
        notices=((H, N_("[대결] 제안 ‘%(title)s’: %(message)s")),),
        timeline=N_("%(deputy_name)s이(가) %(head_name)s을(를) 대신하여 결재했습니다 (대결)."),
    ),
    K.APPROVAL_REASSIGNED: EventSpec(
        notices=((AP, N_("[결재자 지정] 제안 ‘%(title)s’의 답변(v%(version)s) 결재가 배정되었습니다: %(message)s")),)
    ),
    K.ANSWER_RETURNED: EventSpec(notices=((AA, N_("[반려] 제안 ‘%(title)s’의 답변이 반려되었습니다: %(message)s")),)),
    K.ANSWERED: EventSpec(
        notices=(
            (P, N_("제안 ‘%(title)s’에 공식 답변이 게시되었습니다.")),
            (F, N_("[팔로우] 공감·팔로우한 제안 ‘%(title)s’에 공식 답변이 게시되었습니다.")),
        )
    ),
    K.ANSWER_CORRECTED: EventSpec(
        notices=(
            (P, N_("제안 ‘%(title)s’의 공식 답변이 정정되었습니다.")),
            (F, N_("[팔로우] 공감·팔로우한 제안 ‘%(title)s’의 공식 답변이 정정되었습니다.")),
        )
    ),
    K.IMPLEMENTED: EventSpec(
        notices=(
            (P, N_("제안 ‘%(title)s’이(가) 반영 완료되었습니다. %(message)s")),
            (F, N_("[팔로우] 공감·팔로우한 제안 ‘%(title)s’이(가) 정책에 반영되었습니다. %(message)s")),
        )
    ),
    K.WITHDRAWN: EventSpec(),
    K.MERGED: EventSpec(notices=((P, N_("제안 ‘%(title)s’이(가) 같은 내용의 다른 제안과 병합되었습니다.")),)),
    K.MERGED_IN: EventSpec(),
    K.RATED: EventSpec(),
    # Moderation (services.moderation): the author is told what happened and why (`message`: what and why).
    K.MODERATION_HIDDEN: EventSpec(
        notices=((P, N_("제안 ‘%(title)s’ 관련 게시물이 신고 검토 중이라 공개가 중지되었습니다 (%(message)s).")),)
    ),
    K.MODERATION_RESTORED: EventSpec(
        notices=((P, N_("제안 ‘%(title)s’ 관련 게시물이 검토 후 다시 공개되었습니다 (%(message)s).")),)
    ),
    K.MODERATION_MASKED: EventSpec(
        notices=((P, N_("제안 ‘%(title)s’ 관련 게시물의 일부를 가리고 다시 공개했습니다 (%(message)s).")),)
    ),
    # 탄력순찰: the reporter is told by suggestions.patrols (one notice per patrol, not per report).
    # The comma keeps "date time" from reading as a card number to the partners' PII masking.
    K.PATROLLED: EventSpec(timeline=N_("%(date)s, %(time)s %(label)s 일대 순찰 완료 (시간대 %(time_band)s)")),
    # 청렴 콜 (suggestions.callbacks): relays to the department, the answer back, the outcome.
    K.CALLBACK_RELAYED: EventSpec(
        notices=((D, N_("[청렴 콜] 제안 ‘%(title)s’에 부서 회신 요청이 있습니다: %(message)s")),)
    ),
    K.CALLBACK_ANSWERED_BACK: EventSpec(notices=((P, N_("[청렴 콜] 제안 ‘%(title)s’에 대한 회신: %(message)s")),)),
    K.CALLBACK_CLOSED: EventSpec(notices=((P, N_("[청렴 콜] 제안 ‘%(title)s’ 건을 종결했습니다 (%(message)s).")),)),
    K.CALLBACK_RE_REVIEW: EventSpec(
        notices=(
            (P, N_("제안 ‘%(title)s’의 답변을 다시 검토하도록 지시했습니다. 새 처리 기한: %(new_due)s")),
            (
                D,
                N_("[재검토 지시] 제안 ‘%(title)s’: %(new_due)s까지 정정 답변을 올려 주세요. %(message)s"),
            ),
        )
    ),
}

# Kinds whose recording queues a notification task.
NOTIFYING: frozenset[str] = frozenset(kind for kind, spec in CATALOGUE.items() if spec.notices)


def spec(kind: str) -> EventSpec:
    return CATALOGUE.get(kind, EventSpec())


def label(kind: str) -> str:
    """The kind's label in the active language (the raw kind if unknown)."""
    try:
        return str(K(kind).label)
    except ValueError:
        return kind


def notices(kind: str) -> tuple[tuple[Audience, str], ...]:
    return spec(kind).notices


def notice_text(template: str, params: Mapping[str, Any]) -> str:
    """A notification in the active language (call it while sending)."""
    return gettext(template) % params


def timeline_text(kind: str, **data: Any) -> str:
    """The system's timeline message for `kind`, in Korean as stored (an empty string if it writes none)."""
    template = spec(kind).timeline
    return template % data if template else ""


def timeline_message(event: TimelineEvent) -> str:
    """The event's message for display: a system-written one in the active language, a person's as written."""
    template = spec(event.kind).timeline
    if template and event.message:
        try:
            if event.message == template % event.data:
                return gettext(template) % event.data
        except (KeyError, TypeError, ValueError):  # older rows without the template's data
            pass
    return event.message
