"""Followers, the private thread and the 반영 record. Imported by `suggestions.models`, so these are
the `suggestions` app's models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A partner follows a proposal: told when it is answered, corrected or implemented.

    Supporting (공감) creates one; deleting it is 알림 끄기 (the support itself stays)."""

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("팔로우")
        verbose_name_plural = _("팔로우")
        constraints = [models.UniqueConstraint(fields=["suggestion", "user"], name="uniq_follow")]

    def __str__(self) -> str:
        return f"{self.user_id} ⇢ {self.suggestion_id}"


class ThreadMessage(models.Model):
    """One message of the private thread under a proposal: its author and the responsible
    department talk (HQ and administrators may read). Stored as written; masked when shown."""

    suggestion = models.ForeignKey("suggestions.Suggestion", on_delete=models.CASCADE, related_name="thread")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Written on the department's side (an officer of it, HQ or an administrator), else the proposer's.
    from_police = models.BooleanField(default=False)
    department = models.ForeignKey(
        "partners.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("내용"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("제안 대화")
        verbose_name_plural = _("제안 대화")

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {'police' if self.from_police else 'proposer'} {self.created_at:%Y-%m-%d}"


class Implementation(models.Model):
    """반영 기록: what changed because of the proposal, when, by which department, and the
    announcement page that reports it (if any)."""

    suggestion = models.OneToOneField("suggestions.Suggestion", on_delete=models.CASCADE, related_name="implementation")
    summary = models.TextField(_("변경 내용"))
    implemented_on = models.DateField(_("반영일"), db_index=True)
    department = models.ForeignKey(
        "partners.Department", on_delete=models.PROTECT, related_name="implementations", verbose_name=_("반영 부서")
    )
    announcement = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("관련 공지"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-implemented_on", "-id"]
        verbose_name = _("반영 기록")
        verbose_name_plural = _("반영 기록")

    def __str__(self) -> str:
        return f"{self.suggestion_id}: {self.implemented_on}"
