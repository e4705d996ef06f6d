"""Which police station covers a place (a 법정동 row of StationArea wins over its 자치구's row)."""

from __future__ import annotations

from django.db.models import Q

from .models import PoliceStation, StationArea


def station_for(district: str, dong: str = "") -> PoliceStation | None:
    """The station covering the 법정동 (or, failing a row for it, its 자치구); None without a 자치구."""
    if not district:
        return None
    area = (
        StationArea.objects.select_related("station")
        .filter(Q(dong="") | Q(dong=dong or "-"), district=district)
        .order_by("-dong")  # the 법정동 row, if any, first
        .first()
    )
    return area.station if area else None
