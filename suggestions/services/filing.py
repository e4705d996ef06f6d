"""Filing a suggestion (제안 등록): validation of what the member typed, the row, its attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partners import access
from partners.models import Field, PartnerGroup
from places import stations

from .. import geo, timebands
from ..attachments import clean_upload
from ..models import Attachment, Suggestion, TimelineEvent
from ..text import html_to_text, sanitize
from .events import _actor, _by_system, _deny, _principal, is_system, record_event
from .routing import receive

S = Suggestion.Status
K = TimelineEvent.Kind


def clean_title(value: str) -> str:
    """Titles are plain text: any markup is dropped (the template escapes the rest)."""
    title = html_to_text(value or "").replace("\n", " ").strip()
    return title[:200]


def file_suggestion(
    user,
    *,
    kind: str,
    title: str,
    body: str,
    field: Field,
    group: PartnerGroup | None = None,
    visibility: str = Suggestion.Visibility.PARTNERS,
    announcement=None,
    district: str = "",
    address: str = "",
    lat: float | None = None,
    lon: float | None = None,
    time_band: str = "",
    risk_type: str = "",
    attachments: Sequence[Any] = (),
    ref: str | None = None,
    created_at: dt.datetime | None = None,
    received_at: dt.datetime | None = None,
    auto_receive: bool = True,
) -> Suggestion:
    """A partner member files a suggestion; it is received and routed at once (접수·배정).

    `created_at` / `received_at` are for imports of history (by a SystemActor); a filing is now."""
    principal = _principal(user)
    if group is None:
        group = PartnerGroup.objects.filter(pk__in=principal.group_ids).order_by("pk").first()
        if group is None:  # not a member of any group
            raise _deny(gettext("치안파트너스 단체 회원만 제안할 수 있습니다."))
    if not (is_system(user) or access.can_file(principal, group.pk)):
        raise _deny(gettext("이 단체의 이름으로 제안할 권한이 없습니다."))
    errors: dict[str, str] = {}
    clean = clean_title(title)
    body_html = sanitize(body)
    if not clean:
        errors["title"] = gettext("제목을 입력해 주세요.")
    if not html_to_text(body_html):
        errors["body"] = gettext("내용을 입력해 주세요.")
    if kind not in Suggestion.Kind.values:
        errors["kind"] = gettext("제안 종류가 올바르지 않습니다.")
    if visibility not in Suggestion.Visibility.values:
        errors["visibility"] = gettext("공개 범위가 올바르지 않습니다.")
    if kind == Suggestion.Kind.FIELD_REPORT and not (district or address.strip() or lat is not None):
        errors["address"] = gettext("현장 의견은 장소(주소 또는 자치구, 지도 위치)가 필요합니다.")
    location = geo.Location(district=district)
    is_report = kind == Suggestion.Kind.FIELD_REPORT
    if (lat is None) != (lon is None):
        errors["lat"] = gettext("위도와 경도를 함께 입력해 주세요.")
    # A pin decides the 자치구 and 법정동 (point-in-polygon); an address alone places it at a centroid.
    elif (found := geo.locate(district=district, address=address, lat=lat, lon=lon, centroid=is_report)) is None:
        errors["lat"] = str(geo.OUTSIDE_SEOUL)
    else:
        location = found
    if risk_type and risk_type not in Suggestion.RiskType.values:
        errors["risk_type"] = gettext("위험 유형이 올바르지 않습니다.")
    band = ""
    if kind == Suggestion.Kind.FIELD_REPORT:
        try:
            band = timebands.clean(time_band)
        except ValidationError as exc:
            errors["time_band"] = exc.message_dict["time_band"][0]
    if errors:
        raise ValidationError(errors)

    cleaned_files = [clean_upload(f) for f in attachments]  # refuse bad files before writing anything

    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            ref=ref or None,
            kind=kind,
            title=clean,
            body=body_html,
            field=field,
            group=group,
            author=_actor(user),
            visibility=visibility,
            announcement=announcement,
            district=location.district,
            dong=location.dong,
            station=stations.station_for(location.district, location.dong),
            address=(address or "").strip()[:200],
            lat=location.lat,
            lon=location.lon,
            location_approximate=location.approximate,
            time_band=band,
            risk_type=risk_type if kind == Suggestion.Kind.FIELD_REPORT else "",
            created_at=created_at or timezone.now(),
        )
        for cleaned in cleaned_files:
            Attachment.objects.create(
                suggestion=suggestion,
                file=cleaned.content,
                original_name=cleaned.original_name,
                content_type=cleaned.content_type,
                size=cleaned.size,
            )
        record_event(suggestion, user, K.SUBMITTED, to_status=S.SUBMITTED, notify=False, index=not auto_receive)
        if auto_receive:
            receive(_by_system(user), suggestion, system=True, received_at=received_at)
            suggestion.refresh_from_db()
    return suggestion
