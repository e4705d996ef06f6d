"""Every write to a suggestion, one function each, grouped by behaviour.

Each function: checks permission in `partners.access`, checks the state machine
(`suggestions.workflow`), changes the rows under a row lock, and records the change through
`events.record_event` (a `TimelineEvent` — the suggestion's audit trail and the proposer's parcel
tracker — plus `core.audit.record`, the notification through the outbox, and the domain signal).
Refusals raise `PermissionDenied` (no permission) or `WorkflowError` / `ValidationError` (not allowed now).

Callers use this package (`services.file_suggestion(...)`); the modules are:
`events` (recording), `disclosure` (police saw originals), `filing`, `routing`, `review`, `answers`,
`approval` (상신, 결재 along the approval line, 반려, reassigning a stuck approval), `participation`.
"""

from .answers import mark_implemented, save_answer_draft
from .approval import approve_answer, reassign_approval, return_answer, submit_answer
from .deadline_rules import ask_progress, decide_extension, record_delay_reason, request_extension, send_interim_notices
from .disclosure import record_originals_shown
from .events import IMPORTER, SystemActor, is_system, record_event
from .filing import clean_title, file_suggestion
from .participation import merge, rate, support, unsupport, withdraw
from .review import (
    record_agency_reply,
    record_site_check,
    refer_to_agency,
    request_supplement,
    schedule_site_check,
    start_review,
    submit_supplement,
)
from .routing import auto_route, bulk_receive, decide_transfer, find_department, reassign, receive, request_transfer

__all__ = [
    "IMPORTER",
    "SystemActor",
    "approve_answer",
    "ask_progress",
    "auto_route",
    "bulk_receive",
    "clean_title",
    "decide_extension",
    "decide_transfer",
    "file_suggestion",
    "find_department",
    "is_system",
    "mark_implemented",
    "merge",
    "rate",
    "reassign",
    "reassign_approval",
    "receive",
    "record_agency_reply",
    "record_delay_reason",
    "record_event",
    "record_originals_shown",
    "record_site_check",
    "refer_to_agency",
    "request_extension",
    "request_supplement",
    "request_transfer",
    "return_answer",
    "save_answer_draft",
    "schedule_site_check",
    "send_interim_notices",
    "start_review",
    "submit_answer",
    "submit_supplement",
    "support",
    "unsupport",
    "withdraw",
]
