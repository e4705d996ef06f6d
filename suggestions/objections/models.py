"""이의신청 (objection): one per published answer version, filed by its proposer with a reason, answered by
the department within 14 business days. Imported by `suggestions.models`, so it is this app's model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The department's clock for an objection (issue 11: "the department's clock (14 business days)").
OBJECTION_BUSINESS_DAYS = 14


class Objection(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("접수")
        IN_PROGRESS = "in_progress", _("처리 중")
        DONE = "done", _("완료")

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="objections")
    answer = models.ForeignKey("suggestions.Answer", on_delete=models.CASCADE, related_name="objections")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("이의신청 사유"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True)
    due_date = models.DateField(_("처리 기한"))
    response = models.TextField(_("답변"), blank=True)
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("이의신청")
        verbose_name_plural = _("이의신청")
        constraints = [models.UniqueConstraint(fields=["answer"], name="one_objection_per_answer")]

    def __str__(self) -> str:
        return f"{self.suggestion_id} v{self.answer_id}: {self.state}"
