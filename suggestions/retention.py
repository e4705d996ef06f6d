"""Retention (개인정보보호법): what is kept how long.

- Personal data of a closed suggestion (answered, implemented, withdrawn, merged) is kept
  `RETENTION_YEARS` after it closed; then `purge_personal_data` masks the texts for good (the
  original, unmasked body, answers, timeline messages, ratings and site checks keep only their
  `mask_pii` form), deletes the attachments and site-check photos (files and rows), the delivery
  records of its notifications, and the contact details (e-mail, phone) of an author who no longer
  takes part. The masked proposal, the answer, statuses, dates and counts stay for statistics.
- Notifications (`NOTIFICATION_RETENTION_DAYS`) and timeline events of closed suggestions
  (`TIMELINE_RETENTION_DAYS`) are pruned daily; nothing still pending is touched.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from core.audit import record
from core.models import AuditLog
from partners.models import Membership, Profile

from .models import Answer, Notification, Rating, SiteCheck, Suggestion, TimelineEvent
from .referrals.models import AgencyReferral, SiteCheckItem, SiteCheckPhoto
from .signals import send_suggestion_changed
from .text import mask_pii

CLOSED = [
    Suggestion.Status.ANSWERED,
    Suggestion.Status.IMPLEMENTED,
    Suggestion.Status.WITHDRAWN,
    Suggestion.Status.MERGED,
]
PURGED = "suggestions.personal_data_purged"


def retention_cutoff(now: datetime | None = None) -> datetime:
    """`RETENTION_YEARS` calendar years before now (29 Feb → 28 Feb)."""
    now = now or timezone.now()
    year = now.year - settings.RETENTION_YEARS
    try:
        return now.replace(year=year)
    except ValueError:
        return now.replace(year=year, day=28)


def closed_before(cutoff: datetime) -> QuerySet[Suggestion]:
    """Closed suggestions whose closing (implemented, else answered, else last change) is before `cutoff`."""
    closed_at = Coalesce("implemented_at", "answered_at", "updated_at")
    return Suggestion.objects.filter(status__in=CLOSED).alias(closed_at=closed_at).filter(closed_at__lt=cutoff)


def purge_candidates(now: datetime | None = None) -> QuerySet[Suggestion]:
    """Suggestions past the retention period whose personal data was not purged yet."""
    cutoff = retention_cutoff(now)
    done = AuditLog.objects.filter(action=PURGED, object_type="suggestions.suggestion", object_id=OuterRef("pk_text"))
    return closed_before(cutoff).alias(pk_text=Cast("pk", CharField())).exclude(Exists(done)).order_by("pk")


def _mask_fields(obj, *names: str) -> list[str]:
    changed = []
    for name in names:
        value = getattr(obj, name)
        masked = mask_pii(value) if value else value
        if masked != value:
            setattr(obj, name, masked)
            changed.append(name)
    return changed


def _delete_files(rows, field: str) -> int:
    count = 0
    for row in rows:
        file = getattr(row, field)
        if file:
            file.delete(save=False)
            count += 1
    return count


@transaction.atomic
def purge_personal_data(suggestion: Suggestion) -> dict[str, int]:
    """Remove the personal data of one suggestion past the period (system action, audited)."""
    s = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    counts = {"texts": 0, "files": 0, "notifications": 0, "contacts": 0}
    fields = _mask_fields(s, "title", "body", "extension_reason", "delay_reason")
    if fields:
        s.save(update_fields=fields)
        counts["texts"] += len(fields)
    related = [
        (Answer.objects.filter(suggestion=s), ("body", "correction_reason", "return_comment")),
        (TimelineEvent.objects.filter(suggestion=s), ("message",)),
        (Rating.objects.filter(suggestion=s), ("comment",)),
        (SiteCheck.objects.filter(suggestion=s), ("result",)),
        (SiteCheckItem.objects.filter(site_check__suggestion=s), ("note",)),
        (AgencyReferral.objects.filter(suggestion=s), ("reply", "reason")),
    ]
    for queryset, names in related:
        for row in queryset:
            changed = _mask_fields(row, *names)
            if changed:
                row.save(update_fields=changed)
                counts["texts"] += len(changed)
    attachments = list(s.attachments.all())
    counts["files"] += _delete_files(attachments, "file")
    s.attachments.all().delete()
    checks = list(SiteCheck.objects.filter(suggestion=s).exclude(photo=""))
    counts["files"] += _delete_files(checks, "photo")
    SiteCheck.objects.filter(pk__in=[c.pk for c in checks]).update(photo="")
    photos = list(SiteCheckPhoto.objects.filter(site_check__suggestion=s))
    counts["files"] += _delete_files(photos, "file")
    SiteCheckPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
    counts["notifications"], _ = Notification.objects.filter(suggestion=s).exclude(status="pending").delete()
    if s.author_id and _author_gone(s.author_id):
        get_user_model().objects.filter(pk=s.author_id).update(email="")
        counts["contacts"] = Profile.objects.filter(user_id=s.author_id).exclude(phone="").update(phone="")
    record(None, PURGED, s, **counts)
    send_suggestion_changed(s.pk)  # the index keeps only what is left
    return counts


def _author_gone(user_id: int) -> bool:
    """No active membership and nothing filed that is still within its period."""
    if Membership.objects.filter(user_id=user_id, is_active=True, group__is_active=True).exists():
        return False
    cutoff = retention_cutoff()
    mine = Suggestion.objects.filter(author_id=user_id)
    return not mine.exclude(pk__in=closed_before(cutoff).values("pk")).exists()


# --- Pruning (daily) ----------------------------------------------------------------------------


def prune_notifications(now: datetime | None = None) -> int:
    """Delivered, read or failed notifications older than their retention; pending ones stay."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    old = Notification.objects.filter(created_at__lt=cutoff).exclude(status=Notification.Status.PENDING)
    return old.delete()[0]


def prune_timeline(now: datetime | None = None) -> int:
    """Timeline events older than their retention, of suggestions closed before that too (an open
    suggestion keeps its whole history)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TIMELINE_RETENTION_DAYS)
    closed = closed_before(cutoff).values("pk")
    return TimelineEvent.objects.filter(created_at__lt=cutoff, suggestion_id__in=closed).delete()[0]
