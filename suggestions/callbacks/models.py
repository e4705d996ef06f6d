"""청렴 콜 (금천서's callback desk): a case per poor rating, complaint, overdue answer or 이의신청, worked
by the 민원 점검관 — calls to the partner, relays to the answering department, an answer back on the
proposal's timeline, and an outcome. Imported by `suggestions.models`, so these are this app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..text import mask_pii


class CallbackCase(models.Model):
    class Source(models.TextChoices):
        LOW_RATING = "low_rating", _("낮은 만족도")
        COMPLAINT = "complaint", _("민원 접수")
        OVERDUE = "overdue", _("답변 지연")
        OBJECTION = "objection", _("이의신청")

    class State(models.TextChoices):
        OPEN = "open", _("처리 중")
        RELAYED = "relayed", _("부서 회신 대기")
        ANSWERED_BACK = "answered_back", _("회신 완료")
        CLOSED = "closed", _("종결")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("해결")
        EXPLAINED = "explained", _("설명 완료")
        RE_REVIEW = "re_review", _("재검토 지시")

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="callback_cases")
    source = models.CharField(_("유입 경로"), max_length=20, choices=Source.choices)
    rating = models.ForeignKey(
        "suggestions.Rating", null=True, blank=True, on_delete=models.SET_NULL, related_name="callback_cases"
    )
    opened_at = models.DateTimeField(_("접수 일시"), default=timezone.now, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callback_cases",
        verbose_name=_("담당 점검관"),
    )
    state = models.CharField(_("상태"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True)
    outcome = models.CharField(_("처리 결과"), max_length=20, choices=Outcome.choices, blank=True)
    # The department's clock where the source has one (이의신청: 14 business days; re-review: the setting).
    due_date = models.DateField(_("처리 기한"), null=True, blank=True)
    answer_back = models.TextField(_("회신 내용"), blank=True)
    answered_back_at = models.DateTimeField(null=True, blank=True)
    close_note = models.TextField(_("종결 메모"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # re_review: the answer version in force when it was ordered (a later published version ends it).
    re_review_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("청렴 콜")
        verbose_name_plural = _("청렴 콜")
        constraints = [
            # open_case is idempotent: one case per cause while it is not closed.
            models.UniqueConstraint(
                fields=["suggestion", "source", "rating"],
                condition=~models.Q(state="closed") & models.Q(rating__isnull=False),
                name="callback_one_open_per_rating",
            ),
            models.UniqueConstraint(
                fields=["suggestion", "source"],
                condition=~models.Q(state="closed") & models.Q(rating__isnull=True),
                name="callback_one_open_per_cause",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.suggestion_id} {self.source} ({self.state})"


class CallLog(models.Model):
    """One call to the partner: when, reached or not, what they said (masked when saved)."""

    case = models.ForeignKey(CallbackCase, on_delete=models.CASCADE, related_name="calls")
    at = models.DateTimeField(_("통화 일시"), default=timezone.now)
    reached = models.BooleanField(_("통화 연결"))
    note = models.TextField(_("통화 내용"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("통화 기록")
        verbose_name_plural = _("통화 기록")

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M} {'O' if self.reached else 'X'}"

    def save(self, *args, **kwargs):
        self.note = mask_pii(self.note or "")  # the callback role reads masked texts only
        super().save(*args, **kwargs)


class Relay(models.Model):
    """The auditor asks the answering department for a response (its officer or head answers it)."""

    case = models.ForeignKey(CallbackCase, on_delete=models.CASCADE, related_name="relays")
    department = models.ForeignKey("partners.Department", on_delete=models.PROTECT, related_name="callback_relays")
    request = models.TextField(_("요청 내용"))
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    response = models.TextField(_("부서 회신"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("부서 회신 요청")
        verbose_name_plural = _("부서 회신 요청")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.department_id}"

    def save(self, *args, **kwargs):
        self.request = mask_pii(self.request or "")
        self.response = mask_pii(self.response or "")
        super().save(*args, **kwargs)
