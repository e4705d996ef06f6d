"""Writes of a site check (현장진단): planning it for a crime-prevention officer, the CPTED checklist
with the finding, and photos. One function per write; each records the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core import audit
from partners import access

from ..attachments import clean_upload
from ..events_catalogue import timeline_text
from ..models import Suggestion, TimelineEvent
from ..services.events import _actor, _deny, _lock, _principal, record_event
from ..workflow import CLOCK_STATES, require_status
from .models import ChecklistItem, SiteCheck, SiteCheckItem, SiteCheckPhoto

K = TimelineEvent.Kind
S = Suggestion.Status


def crime_prevention_officers():
    """Who may be assigned a site check: the active officers of the CPTED department (setting)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            officer_memberships__is_active=True,
            officer_memberships__department__slug=settings.CPTED_DEPARTMENT_SLUG,
        )
        .distinct()
        .order_by("username")
    )


def plan_site_check(
    user, suggestion: Suggestion, *, scheduled_for: dt.date, assigned_to=None, due_date: dt.date | None = None
) -> SiteCheck:
    """현장 진단 일정: the date, the crime-prevention officer who goes and the due date."""
    if not access.can_handle(_principal(user), suggestion):
        raise _deny()
    if assigned_to is not None and not crime_prevention_officers().filter(pk=assigned_to.pk).exists():
        raise ValidationError({"assigned_to": gettext("범죄예방 담당 부서의 경찰관에게만 배정할 수 있습니다.")})
    if due_date is not None and due_date < scheduled_for:
        raise ValidationError({"due_date": gettext("진단 기한은 진단 예정일 이후여야 합니다.")})
    with transaction.atomic():
        s = _lock(suggestion)
        require_status(s, CLOCK_STATES | {S.ANSWERED}, gettext("현장 진단"))
        check = SiteCheck.objects.create(
            suggestion=s,
            scheduled_for=scheduled_for,
            assigned_to=assigned_to,
            due_date=due_date,
            created_by=_actor(user),
        )
        record_event(
            s,
            user,
            K.SITE_CHECK,
            message=timeline_text(K.SITE_CHECK, scheduled_for=scheduled_for.isoformat()),
            site_check=check.pk,
            scheduled_for=scheduled_for,
            assigned_to=assigned_to.pk if assigned_to else None,
        )
    return check


def record_checklist(
    user,
    check: SiteCheck,
    *,
    results: Mapping[int, tuple[str, str]],
    finding: str,
    done_on: dt.date | None,
) -> SiteCheck:
    """The checklist results ({item id: (result, note)}), the finding, and (when done) the date.
    Every active item needs a result before the check can be marked done."""
    if not access.can_record_site_check(_principal(user), check):
        raise _deny()
    items = {i.pk: i for i in ChecklistItem.objects.all()}
    valid = set(SiteCheckItem.Result.values)
    errors = []
    for item_id, (result, note) in results.items():
        if item_id not in items:
            errors.append(gettext("없는 점검 항목입니다."))
        elif result not in valid:
            label = {"item": items[item_id]}
            errors.append(gettext("‘%(item)s’: 결과를 양호·미흡·해당 없음 중에서 골라 주세요.") % label)
        elif len(note) > 300:
            errors.append(gettext("‘%(item)s’: 메모는 300자까지입니다.") % {"item": items[item_id]})
    if done_on is not None:
        missing = [i.label for i in items.values() if i.active and i.pk not in results]
        if missing:
            errors.append(gettext("결과를 적지 않은 항목이 있습니다: %(items)s") % {"items": ", ".join(missing)})
        if not finding.strip():
            errors.append(gettext("진단 소견을 입력해 주세요."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        c = SiteCheck.objects.select_for_update().select_related("suggestion").get(pk=check.pk)
        for item_id, (result, note) in results.items():
            SiteCheckItem.objects.update_or_create(
                site_check=c, item_id=item_id, defaults={"result": result, "note": note.strip()}
            )
        first_done = done_on is not None and c.done_on is None
        c.result = finding.strip()
        if done_on is not None:
            c.done_on = done_on
        c.save(update_fields=["result", "done_on"])
        poor = [items[i].label for i, (r, _n) in results.items() if r == SiteCheckItem.Result.POOR]
        if first_done:
            record_event(c.suggestion, user, K.SITE_CHECK_DONE, message=c.result, site_check=c.pk, poor_items=poor)
        else:
            audit.record(user, "site_check.checklist", c, items=len(results), poor_items=poor)
    return c


def add_photos(user, check: SiteCheck, uploads: Iterable) -> list[SiteCheckPhoto]:
    """Photos of the site (images only, cleaned like attachments: EXIF/GPS stripped, renamed). All
    are checked before any is kept, so a bad file saves none."""
    if not access.can_record_site_check(_principal(user), check):
        raise _deny()
    cleaned = [clean_upload(u, images_only=True) for u in uploads]
    if not cleaned:
        raise ValidationError(gettext("올릴 사진을 골라 주세요."))
    with transaction.atomic():
        c = SiteCheck.objects.select_for_update().get(pk=check.pk)
        if c.photos.count() + len(cleaned) > settings.SITE_CHECK_MAX_PHOTOS:
            most = {"max": settings.SITE_CHECK_MAX_PHOTOS}
            raise ValidationError(gettext("현장 진단 한 건에 사진은 %(max)d장까지 올릴 수 있습니다.") % most)
        photos = [SiteCheckPhoto.objects.create(site_check=c, file=f.content, size=f.size) for f in cleaned]
        audit.record(user, "site_check.photos", c, added=len(photos))
    return photos
