"""신고 (content reports): a partner reports a proposal or the proposer's rating comment; enough open
reports hide the item pending a moderator's review (suggestions.services.moderation). Imported by
`suggestions.models`, so it is this app's model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentReport(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", _("욕설·비방")
        PERSONAL_DATA = "personal_data", _("개인정보 노출")
        OFF_TOPIC = "off_topic", _("주제와 무관")

    class Target(models.TextChoices):
        SUGGESTION = "suggestion", _("제안")
        RATING = "rating", _("평가 의견")

    class Resolution(models.TextChoices):
        HIDDEN = "hidden", _("숨김")
        RESTORED = "restored", _("다시 공개")
        MASKED = "masked", _("일부 가림")

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="reports")
    # Set when the report is about the proposer's rating comment rather than the proposal itself.
    rating = models.ForeignKey(
        "suggestions.Rating", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("신고 사유"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("설명"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # A moderator's decision closes every open report on the item; later reports start a new count.
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("신고")
        verbose_name_plural = _("신고")
        constraints = [
            # One report per user per item (the proposal, or its rating comment).
            models.UniqueConstraint(
                fields=["reporter", "suggestion"], condition=models.Q(rating__isnull=True), name="one_report_per_item"
            ),
            models.UniqueConstraint(
                fields=["reporter", "rating"], condition=models.Q(rating__isnull=False), name="one_report_per_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.rating_id or self.suggestion_id}: {self.reason}"

    @property
    def target(self) -> str:
        return self.Target.RATING if self.rating_id else self.Target.SUGGESTION
