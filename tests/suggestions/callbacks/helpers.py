"""Shared steps of the 청렴 콜 tests: a proposal with a published answer, rated poorly."""

from __future__ import annotations

from suggestions import services
from suggestions.callbacks.models import CallbackCase
from suggestions.models import Suggestion

PHONE = "010-2345-6789"


def answered(world, **filing) -> Suggestion:
    s = world.file(**filing)
    a = services.save_answer_draft(world.officer_traffic, s, decision="accepted", body="신호기를 점검하겠습니다.")
    services.submit_answer(world.officer_traffic, a)
    services.approve_answer(world.head_traffic, a)
    return s


def low_rated_case(world, score: int = 1) -> CallbackCase:
    s = answered(world)
    rating = services.rate(world.member, s, score, f"답변이 부실합니다. 연락 주세요 {PHONE}")
    return CallbackCase.objects.get(suggestion=s, rating=rating)


def correct(world, s: Suggestion):
    v2 = services.save_answer_draft(
        world.officer_traffic, s, decision="partially_accepted", body="다시 점검했습니다.", correction_reason="재검토"
    )
    services.submit_answer(world.officer_traffic, v2)
    return services.approve_answer(world.head_traffic, v2)
