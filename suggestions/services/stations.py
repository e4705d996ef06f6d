"""Keeping each report's stored police station in line with the coverage table (places.StationArea):
after an administrator changes a station's areas, the reports of those 자치구 are re-stationed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit
from places.models import StationArea
from places.stations import station_for

from ..models import Suggestion
from ..signals import send_suggestion_changed


def restation(districts: list[str], station_id: int | None = None, actor=None) -> int:
    """Re-derive the station of every report in `districts` (and of every report `station_id` had);
    returns how many changed. Each changed report is re-indexed (suggestion_changed) and the change
    audited, in this transaction."""
    changed: list[int] = []
    with transaction.atomic():
        rows = Suggestion.objects.select_for_update().filter(Q(district__in=districts) | Q(station_id=station_id))
        by_place: dict[tuple[str, str], int | None] = {}
        for s in rows.only("pk", "district", "dong", "station_id"):
            place = (s.district, s.dong)
            if place not in by_place:
                station = station_for(*place)
                by_place[place] = station.pk if station else None
            if s.station_id != by_place[place]:
                Suggestion.objects.filter(pk=s.pk).update(station_id=by_place[place], updated_at=timezone.now())
                audit.record(actor, "suggestion.restationed", s, station_id=by_place[place])
                changed.append(s.pk)
        send_suggestion_changed(*changed)
    return len(changed)


def on_area_change(sender, instance: StationArea, **kwargs) -> None:
    """post_save / post_delete of a StationArea (the Wagtail station editor): re-station its 자치구 and
    its station's reports (an area moved away) once the admin's save commits."""
    district, station_id = instance.district, instance.station_id
    transaction.on_commit(lambda: restation([district], station_id))
