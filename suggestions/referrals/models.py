"""Site checks (현장진단), the CPTED checklist, the agency directory and referrals (관계기관 통보).

SiteCheck and AgencyReferral were first defined in suggestions/models.py; the app label and so the
table names are the same here, so moving them needed no migration."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..models import Suggestion


class ChecklistItem(models.Model):
    """One line of the CPTED checklist (조명, CCTV, …): editable in the Wagtail admin. Retired items
    stay (inactive) so the results recorded against them keep their label."""

    label = models.CharField(_("항목"), max_length=60, unique=True)
    guidance = models.CharField(_("점검 요령"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    active = models.BooleanField(_("사용"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("CPTED 점검 항목")
        verbose_name_plural = _("CPTED 점검 항목")

    def __str__(self) -> str:
        return self.label


class SiteCheck(models.Model):
    """현장 진단: an on-site check of a field report, by an officer of the crime-prevention team."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="site_checks")
    scheduled_for = models.DateField(_("진단 예정일"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_site_checks",
        verbose_name=_("담당 경찰관"),
    )
    due_date = models.DateField(_("진단 기한"), null=True, blank=True)
    done_on = models.DateField(_("진단일"), null=True, blank=True)
    result = models.TextField(_("진단 소견"), blank=True)  # the finding
    # The one photo of the first version; new photos are SiteCheckPhoto rows.
    photo = models.ImageField(upload_to="site_checks/%Y/%m/", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled_for", "pk"]

    def __str__(self) -> str:
        return f"현장 진단 {self.suggestion_id} {self.scheduled_for}"


class SiteCheckItem(models.Model):
    """The result of one checklist item at one site check."""

    class Result(models.TextChoices):
        GOOD = "good", _("양호")
        POOR = "poor", _("미흡")
        NA = "na", _("해당 없음")

    site_check = models.ForeignKey(SiteCheck, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("결과"), max_length=10, choices=Result.choices)
    note = models.CharField(_("메모"), max_length=300, blank=True)

    class Meta:
        ordering = ["item__order", "item__pk"]
        constraints = [models.UniqueConstraint(fields=["site_check", "item"], name="one_result_per_checklist_item")]

    def __str__(self) -> str:
        return f"{self.site_check_id}/{self.item_id}: {self.result}"


class SiteCheckPhoto(models.Model):
    """A photo taken at a site check: served only through suggestions.media_views (access-checked)."""

    site_check = models.ForeignKey(SiteCheck, on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField(upload_to="site_checks/%Y/%m/")
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.file.name)


class Agency(models.Model):
    """관계기관 directory: whom a problem is referred to, and where its link is e-mailed."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("구청 부서")
        CITY = "city", _("서울시")
        KEPCO = "kepco", _("한전")
        FACILITY = "facility", _("시설관리공단")
        OTHER = "other", _("기타")

    name = models.CharField(_("기관명"), max_length=100, unique=True)
    kind = models.CharField(_("구분"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    email = models.EmailField(_("담당 이메일"))
    active = models.BooleanField(_("사용"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("관계기관")
        verbose_name_plural = _("관계기관")

    def __str__(self) -> str:
        return self.name


class AgencyReferral(models.Model):
    """관계기관 통보: the problem referred to an outside agency, and the agency's outcome."""

    class Status(models.TextChoices):
        SENT = "sent", _("통보")
        RECEIVED = "received", _("접수")
        IN_PROGRESS = "in_progress", _("조치 중")
        DONE = "done", _("조치 완료")
        IMPOSSIBLE = "impossible", _("조치 불가")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="referrals")
    agency = models.CharField(_("기관"), max_length=100)  # the name as referred (kept if the directory changes)
    directory = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("관계기관")
    )
    referred_on = models.DateField(_("통보일"))
    reply_due = models.DateField(_("회신 기한"), null=True, blank=True)
    status = models.CharField(_("조치 상태"), max_length=20, choices=Status.choices, default=Status.SENT)
    reason = models.TextField(_("조치 불가 사유"), blank=True)
    reply = models.TextField(_("회신"), blank=True)
    replied_on = models.DateField(_("회신일"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The agency link's nonce: replaced at every status change, emptied at closure (no link works).
    link_nonce = models.CharField(max_length=32, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    CLOSED = (Status.DONE, Status.IMPOSSIBLE)

    class Meta:
        ordering = ["referred_on", "pk"]
        indexes = [models.Index(fields=["status", "reply_due"], name="referral_open_due_idx")]

    def __str__(self) -> str:
        return f"{self.agency} ({self.referred_on})"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED


class ReferralMail(models.Model):
    """One e-mail to an agency (its link, a reminder), once per `key`; sent by a task queued through
    core.outbox, retried by the reminder sweep while unsent."""

    key = models.CharField(max_length=200, unique=True)
    referral = models.ForeignKey(AgencyReferral, on_delete=models.CASCADE, related_name="mails")
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.key
