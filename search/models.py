"""Search settings HQ edits (synonyms, the Kiwi user dictionary) and HQ analysts' saved topic searches."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
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


USER_WORD_FORM = r"^[가-힣A-Za-z0-9]+$"


class UserWord(models.Model):
    """A word of the Kiwi user dictionary (search.analysis): kept whole by the morpheme analyser
    (전동킥보드, not 전동 + 킥 + 보드). Queries use a change at once; documents on their next analysis
    (any re-index, `manage.py search_rebuild`)."""

    class Tag(models.TextChoices):
        NNP = "NNP", _("고유명사 (NNP)")
        NNG = "NNG", _("일반명사 (NNG)")

    form = models.CharField(
        _("단어"),
        max_length=30,
        unique=True,
        validators=[RegexValidator(USER_WORD_FORM, _("띄어쓰기나 기호 없이 한글·영문·숫자로만 적어 주세요."))],
        help_text=_("띄어쓰기 없이 한 단어로: 전동킥보드"),
    )
    tag = models.CharField(_("품사"), max_length=3, choices=Tag.choices, default=Tag.NNP)
    score = models.FloatField(
        _("점수"),
        default=0.0,
        validators=[MinValueValidator(-10.0), MaxValueValidator(10.0)],
        help_text=_("분석기가 이 단어를 고르는 가중치 (보통 0)"),
    )
    is_active = models.BooleanField(_("사용"), default=True)
    note = models.CharField(_("메모"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["form"]
        verbose_name = _("검색 사용자 사전 단어")
        verbose_name_plural = _("검색 사용자 사전")

    def __str__(self) -> str:
        return self.form


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


class ThemeDecision(models.Model):
    """HQ's decision on a theme (search.theme_decisions), re-applied after every re-clustering: the
    theme whose proposals overlap `members` most keeps `key`, the label HQ gave it, hidden or merged
    into another theme; a split-off theme (`split_from`) takes `members` out of wherever they fall."""

    key = models.CharField(_("주제 키"), max_length=40, unique=True)
    label = models.CharField(_("주제 이름"), max_length=60, blank=True)
    hidden = models.BooleanField(_("숨김"), default=False)
    merged_into = models.CharField(_("합친 주제 키"), max_length=40, blank=True)
    split_from = models.CharField(_("나눈 원래 주제 키"), max_length=40, blank=True)
    members = models.JSONField(_("결정 당시 제안 id"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("주제 결정 (HQ)")
        verbose_name_plural = _("주제 결정 (HQ)")

    def __str__(self) -> str:
        return self.label or self.key
