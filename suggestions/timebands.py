"""The one place that knows the field-report time band format, `HH:MM-HH:MM` (e.g. 22:00-02:00).

Services validate with `clean`, the filing form uses `HTML_PATTERN`, search turns a band into the
hours it covers with `hours` (a band may wrap past midnight).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# Browser-side hint only; `clean` is the rule.
HTML_PATTERN = r"\d{2}:\d{2}-\d{2}:\d{2}"
EXAMPLE = "22:00-02:00"
_BAND = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$")


def clean(value: str) -> str:
    """Normalise what people type (`22:00 ~ 02:00`, an en dash) and refuse anything else."""
    value = (value or "").strip().replace("~", "-").replace("–", "-").replace(" ", "")
    if not value:
        return ""
    if not _BAND.match(value):
        raise ValidationError({"time_band": gettext("시간대는 22:00-02:00 형식으로 입력해 주세요.")})
    return value


def hours(band: str) -> tuple[int | None, list[int]]:
    """'22:00-01:00' → (22, [22, 23, 0]); '20:00-22:00' → (20, [20, 21]); bad input → (None, [])."""
    try:
        start_s, end_s = (band or "").split("-")
        sh, _sm = (int(x) for x in start_s.strip().split(":"))
        eh, em = (int(x) for x in end_s.strip().split(":"))
    except ValueError:
        return None, []
    if not (0 <= sh < 24 and 0 <= eh <= 24):
        return None, []
    end = eh + (1 if em > 0 else 0)
    covered, h = [], sh
    while True:
        covered.append(h % 24)
        h += 1
        if h % 24 == end % 24 or len(covered) >= 24:
            break
    return sh, covered
