"""Writes for 탄력순찰, one function per write, each audited in its transaction: requests from a
hotspot cell, a week's plan from requests, and a patrol log that tells the reporters behind the spot
(a notification per (log, reporter) and a 순찰 완료 event on each report's timeline)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from core import audit
from core.errors import DomainError
from partners import access

from .. import timebands
from ..events_catalogue import timeline_text
from ..geo import valid_tile_key
from ..models import Suggestion, TimelineEvent
from ..notifications import deliver
from ..services.events import record_event
from . import selectors
from .models import PatrolLog, PatrolPlan, PatrolRequest, PatrolSpot

NOTICE = N_("이번 주 %(label)s 일대를 %(hour)s시에 순찰했습니다.")


def _invalid(field: str, message: str) -> ValidationError:
    """Bad input: a 400 in the API, the message on the form's field (or as a message) in the admin."""
    return ValidationError({field: message})


def _denied() -> PermissionDenied:
    return PermissionDenied(_("이 작업을 할 권한이 없습니다."))


def _clean_band(time_band: str) -> str:
    return timebands.clean(time_band)  # ValidationError {"time_band": Korean message}


def _clean_days(weekdays: Iterable[int | str]) -> list[int]:
    days = set()
    for d in weekdays:
        if not str(d).strip().isdigit() or not 1 <= int(d) <= 7:
            raise _invalid("weekdays", _("요일은 1(월)–7(일) 사이의 정수여야 합니다."))
        days.add(int(d))
    return sorted(days)


def _label(reports: list[Suggestion]) -> str:
    district, dong = Counter((s.district, s.dong) for s in reports).most_common(1)[0][0]
    return " ".join(p for p in (district, dong) if p) or _("지도상 격자")


def create_requests(
    user, *, cell_key: str, time_band: str = "", weekdays: Iterable[int | str] = (), risk_type: str = "", note: str = ""
) -> list[PatrolRequest]:
    """One request per police station (자치구 when none) among the cell's reports, each linked to
    the reports it answers. An officer gets only the areas their department patrols."""
    principal = access.principal_for(user)
    if not access.can_plan_some_patrols(principal):
        raise _denied()
    if not valid_tile_key(cell_key):
        raise _invalid("cell_key", _("격자 키(z/x/y)가 올바르지 않습니다."))
    band, days = _clean_band(time_band), _clean_days(weekdays)
    if risk_type and risk_type not in Suggestion.RiskType.values:
        raise _invalid("risk_type", _("위험 유형이 올바르지 않습니다."))
    reports = selectors.cell_reports(cell_key, band, days, risk_type)
    if not reports:
        raise DomainError(_("이 격자·시간대·요일에 해당하는 현장 의견이 없습니다."), code="not_found")
    units = selectors.unit_departments()
    groups: dict[tuple[int | None, str], list[Suggestion]] = defaultdict(list)
    for s in reports:
        groups[(s.station_id, "" if s.station_id else s.district)].append(s)
    allowed = {k: v for k, v in groups.items() if access.can_plan_patrols(principal, units.get(k[0]) if k[0] else None)}
    if not allowed:
        raise _denied()
    created = []
    with transaction.atomic():
        for (station_id, district), rows in allowed.items():
            area = {"station_id": station_id, "district": district or rows[0].district}
            # No band asked for: the band most of the reports name, so the spot has a time to patrol.
            bands = Counter(s.time_band for s in rows if s.time_band).most_common(1)
            req_band = band or (bands[0][0] if bands else "")
            same = PatrolRequest.objects.filter(
                status=PatrolRequest.Status.OPEN, cell_key=cell_key, time_band=req_band, **area
            )
            again = next((r for r in same.select_for_update() if r.weekdays == days), None)
            if again is not None:  # the same cell asked for twice: one request, its reports brought up to date
                again.reports.add(*rows)
                audit.record(user, "patrol.request_updated", again, reports=[s.pk for s in rows])
                created.append(again)
                continue
            pins = [(s.lat, s.lon) for s in rows if s.lat is not None and s.lon is not None]
            req = PatrolRequest.objects.create(
                **area,
                department_id=units.get(station_id) if station_id else None,
                cell_key=cell_key,
                label=_label(rows),
                time_band=req_band,
                weekdays=days,
                lat=sum(p[0] for p in pins) / len(pins) if pins else None,
                lon=sum(p[1] for p in pins) / len(pins) if pins else None,
                note=note[:300],
                created_by=user,
            )
            req.reports.set(rows)
            audit.record(user, "patrol.request_created", req, cell=cell_key, reports=[s.pk for s in rows])
            created.append(req)
    return created


def parse_week(value: str) -> tuple[int, int]:
    """'2026-W49' (an <input type=week>) → (2026, 49); a clear Korean error otherwise."""
    try:
        year_s, week_s = value.strip().upper().split("-W")
        monday = dt.date.fromisocalendar(int(year_s), int(week_s), 1)
    except (ValueError, AttributeError) as exc:
        raise _invalid("week", _("주간은 2026-W49 형식으로 입력해 주세요.")) from exc
    return monday.isocalendar().year, monday.isocalendar().week


def plan_week(user, *, requests: list[PatrolRequest], year: int, week: int, assignee=None) -> PatrolPlan:
    """Put the requests (one area) into that area's plan for the ISO week, one spot each; the
    requests become "planned". No request, mixed areas or a bad assignee: refused, nothing saved."""
    if not requests:
        raise _invalid("requests", _("순찰 계획에 넣을 순찰 요청을 하나 이상 고르세요."))
    areas = {(r.station_id, r.district if not r.station_id else "", r.department_id) for r in requests}
    if len(areas) != 1:
        raise _invalid("requests", _("한 계획에는 같은 경찰서(자치구)의 순찰 요청만 넣을 수 있습니다."))
    [(station_id, district, department_id)] = areas
    principal = access.principal_for(user)
    if not access.can_plan_patrols(principal, department_id):
        raise _denied()
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise _invalid("week", _("주간은 2026-W49 형식으로 입력해 주세요.")) from exc
    if assignee is not None and not selectors.assignable_officers(department_id).filter(pk=assignee.pk).exists():
        raise _invalid("assignee", _("담당자는 순찰 담당 부서의 경찰관이어야 합니다."))
    with transaction.atomic():
        plan, new = PatrolPlan.objects.get_or_create(
            station_id=station_id,
            district=district or requests[0].district,
            year=year,
            week=week,
            defaults={"department_id": department_id, "created_by": user},
        )
        for r in PatrolRequest.objects.select_for_update().filter(pk__in=[r.pk for r in requests]):
            PatrolSpot.objects.create(
                plan=plan,
                request=r,
                label=r.label,
                lat=r.lat,
                lon=r.lon,
                time_band=r.time_band,
                weekdays=r.weekdays,
                assignee=assignee,
            )
            r.status = PatrolRequest.Status.PLANNED
            r.save(update_fields=["status"])
        audit.record(user, "patrol.planned", plan, new=new, requests=[r.pk for r in requests])
    return plan


def log_patrol(user, spot: PatrolSpot, *, date: dt.date, time: dt.time, notes: str = "") -> PatrolLog:
    """Record that the spot was patrolled; each reporter behind it is told once for this log."""
    plan = spot.plan
    if not access.can_log_patrol(access.principal_for(user), spot.assignee_id, plan.department_id):
        raise _denied()
    if not plan.monday <= date <= plan.sunday:
        message = _("순찰일은 계획 주간(%(start)s–%(end)s) 안이어야 합니다.")
        raise _invalid("date", message % {"start": plan.monday, "end": plan.sunday})
    if timezone.make_aware(dt.datetime.combine(date, time)) > timezone.now() + dt.timedelta(minutes=5):
        raise _invalid("time", _("아직 지나지 않은 시각의 순찰은 기록할 수 없습니다."))
    with transaction.atomic():
        log = PatrolLog.objects.create(spot=spot, date=date, time=time, notes=notes.strip()[:2000], by=user)
        audit.record(user, "patrol.logged", log, spot=spot.pk, date=date.isoformat(), time=time.strftime("%H:%M"))
        _tell_reporters(user, log)
    return log


def _tell_reporters(user, log: PatrolLog) -> None:
    spot = log.spot
    kind = TimelineEvent.Kind.PATROLLED
    day, at, band = log.date.isoformat(), log.time.strftime("%H:%M"), spot.time_band or "-"
    text = timeline_text(kind, date=day, time=at, time_band=band, label=spot.label)
    reports = list(spot.request.reports.all()) if spot.request is not None else []
    for s in reports:  # the timeline shows when and where, never who patrolled
        record_event(
            s, user, kind, message=text, notify=False, index=False,
            patrol_log=log.pk, date=day, time=at, time_band=band, label=spot.label,
        )  # fmt: skip
    message = _(NOTICE) % {"label": spot.label, "hour": log.time.strftime("%H")}
    for reporter in selectors.spot_reporters(spot):
        theirs = next((s for s in reports if s.author_id == reporter.pk), None)
        deliver(reporter, kind="patrolled", message=message, key=f"patrol-log:{log.pk}", suggestion=theirs)
