"""Search settings HQ edits (synonyms) and HQ analysts' saved topic searches."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """A synonym group applied to queries at query time (no reindex): a query containing the term
    or any expansion also searches for all the others (몰카 ↔ 불법촬영)."""

    term = models.CharField(_("용어"), max_length=50, unique=True)
    expansions = models.CharField(_("확장어"), max_length=300, help_text=_("쉼표(,) 또는 /로 구분: 전동킥보드, PM"))
    is_active = models.BooleanField(_("사용"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("검색 동의어")
        verbose_name_plural = _("검색 동의어")

    def __str__(self) -> str:
        return f"{self.term} → {self.expansions}"

    def expansion_list(self) -> list[str]:
        import re

        return [e.strip() for e in re.split(r"[,/]", self.expansions) if e.strip()]


class SavedSearch(models.Model):
    """An HQ analyst's saved topic search; the weekly digest reports new matches and spikes."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("이름"), max_length=100)
    # The search page's query parameters (q, field, kind, status, department, group, district).
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("저장된 주제 검색")
        verbose_name_plural = _("저장된 주제 검색")

    def __str__(self) -> str:
        return self.name


class ReconcileMark(models.Model):
    """Where the periodic reconcile stopped, per index kind: the change watermark (the last row's
    change time and id) and when the last full check ran. No row: the next run is a full check."""

    kind = models.CharField(max_length=30, primary_key=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    last_pk = models.BigIntegerField(default=0)
    full_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("검색 색인 점검 기준점")
        verbose_name_plural = _("검색 색인 점검 기준점")

    def __str__(self) -> str:
        return f"{self.kind} @ {self.changed_at}"
