from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

EVENT_LABELS = {
    "submitted": _("제출"),
    "received": _("접수"),
    "assigned": _("부서 배정"),
    "transferred": _("담당 부서 변경(이송·재배정)"),
    "transfer_requested": _("이송 요청"),
    "transfer_rejected": _("이송 요청 반려"),
    "routing_failed": _("자동 배정 실패"),
    "review_started": _("검토 시작"),
    "supplement_requested": _("보완 요청"),
    "supplemented": _("보완 제출"),
    "extended": _("처리 기한 연장"),
    "site_check": _("현장 진단 예정"),
    "site_check_done": _("현장 진단 결과"),
    "referred": _("관계기관 통보"),
    "referral_reply": _("관계기관 회신"),
    "answer_drafted": _("답변 작성"),
    "answer_edited": _("답변 수정"),
    "answer_submitted": _("답변 결재 요청"),
    "answer_returned": _("답변 반려"),
    "answered": _("공식 답변 게시"),
    "answer_corrected": _("공식 답변 정정"),
    "implemented": _("반영 완료"),
    "withdrawn": _("철회"),
    "merged": _("병합"),
    "merged_in": _("중복 제안 병합됨"),
    "rated": _("만족도 평가"),
}

STATUS_CLASSES = {
    "answered": "ok",
    "implemented": "ok",
    "supplement": "warn",
    "withdrawn": "",
    "merged": "",
}

# The parcel tracker's main steps.
TRACKER = [
    ("submitted", _("제출")),
    ("received", _("접수")),
    ("assigned", _("배정")),
    ("under_review", _("검토")),
    ("answered", _("답변")),
    ("implemented", _("반영")),
]


@register.filter
def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "")


@register.simple_tag
def tracker_steps(status: str):
    """[(label, state)] with state done/current/todo for the parcel tracker bar."""
    order = [s for s, _ in TRACKER]
    effective = "under_review" if status == "supplement" else status
    pos = order.index(effective) if effective in order else -1
    steps = []
    for i, (_key, label) in enumerate(TRACKER):
        state = "done" if i < pos else "current" if i == pos else "todo"
        steps.append((label, state))
    return steps
