"""Weekday names, ISO numbering (1 = Monday … 7 = Sunday), for the hotspot filter and the patrol plans.

The context keeps them apart from the same syllables elsewhere: 월 is also "month" and 일 "days"."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

WEEKDAYS = [
    (1, pgettext_lazy("weekday", "월")),
    (2, pgettext_lazy("weekday", "화")),
    (3, pgettext_lazy("weekday", "수")),
    (4, pgettext_lazy("weekday", "목")),
    (5, pgettext_lazy("weekday", "금")),
    (6, pgettext_lazy("weekday", "토")),
    (7, pgettext_lazy("weekday", "일")),
]
_NAMES = dict(WEEKDAYS)


def weekday_label(days: list[int]) -> str:
    """월·수·금 (Mon·Wed·Fri in English); every day when none is chosen."""
    return "·".join(str(_NAMES[d]) for d in days) or _("매일")
