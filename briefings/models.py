from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Briefing(models.Model):
    """One generated (or pending) monthly briefing; every one is kept, so a month can be regenerated."""

    class State(models.TextChoices):
        QUEUED = "queued", _("대기 중")
        RUNNING = "running", _("만드는 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")

    month = models.DateField(_("대상 월"), help_text=_("그 달의 1일"), db_index=True)
    state = models.CharField(_("상태"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("진행률"), default=0)
    step = models.CharField(_("진행 단계"), max_length=200, blank=True)
    error = models.TextField(_("오류"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="briefings/%Y/%m/", blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="briefings/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("요청자")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("월간 브리핑")
        verbose_name_plural = _("월간 브리핑")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="briefing_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.state})"

    @property
    def in_progress(self) -> bool:
        return self.state in {self.State.QUEUED, self.State.RUNNING}

    @property
    def label(self) -> str:
        return f"{self.month.year}년 {self.month.month}월"
