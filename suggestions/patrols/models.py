"""탄력순찰 models: PatrolUnit (which department patrols for a station), PatrolRequest (a hotspot
cell's reports, per station), PatrolPlan (a station's ISO week), PatrolSpot and PatrolLog.
Imported by `suggestions.models`, so these are the `suggestions` app's models."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PatrolUnit(models.Model):
    """The department (a station's 생활안전과 …) whose officers plan and patrol for a police station."""

    station = models.OneToOneField(
        "places.PoliceStation", on_delete=models.CASCADE, related_name="patrol_unit", verbose_name=_("경찰서")
    )
    department = models.ForeignKey(
        "partners.Department", on_delete=models.CASCADE, related_name="patrol_units", verbose_name=_("순찰 담당 부서")
    )

    class Meta:
        verbose_name = _("순찰 담당 부서")
        verbose_name_plural = _("순찰 담당 부서")

    def __str__(self) -> str:
        return f"{self.station} → {self.department}"


class PatrolArea(models.Model):
    """What requests and plans share: the police station, or the 자치구 when no station covers it,
    and the department that patrols there (None: only HQ plans it)."""

    station = models.ForeignKey(
        "places.PoliceStation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("경찰서"),
    )
    district = models.CharField(_("자치구"), max_length=10, blank=True)
    department = models.ForeignKey(
        "partners.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def area_label(self) -> str:
        return self.station.name if self.station is not None else self.district


class PatrolRequest(PatrolArea):
    class Status(models.TextChoices):
        OPEN = "open", _("요청")
        PLANNED = "planned", _("계획 반영")
        CLOSED = "closed", _("종료")

    cell_key = models.CharField(_("격자"), max_length=20)  # z/x/y geotile of the hotspot map
    label = models.CharField(_("장소"), max_length=100)  # "강북구 수유동" — what partners read
    time_band = models.CharField(_("시간대"), max_length=11, blank=True)
    weekdays = models.JSONField(_("요일"), default=list, blank=True)  # ISO weekdays, [] = every day
    lat = models.FloatField(null=True, blank=True)  # centroid of the reports
    lon = models.FloatField(null=True, blank=True)
    reports = models.ManyToManyField("suggestions.Suggestion", related_name="patrol_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    note = models.CharField(_("메모"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("순찰 요청")
        verbose_name_plural = _("순찰 요청")

    def __str__(self) -> str:
        return f"{self.area_label} · {self.label} {self.time_band}"


class PatrolPlan(PatrolArea):
    year = models.PositiveSmallIntegerField()  # ISO year and week
    week = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-week", "id"]
        verbose_name = _("주간 순찰 계획")
        verbose_name_plural = _("주간 순찰 계획")

    def __str__(self) -> str:
        return f"{self.area_label} {self.year}-W{self.week:02d}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)


class PatrolSpot(models.Model):
    plan = models.ForeignKey(PatrolPlan, on_delete=models.CASCADE, related_name="spots")
    request = models.ForeignKey(PatrolRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="spots")
    label = models.CharField(_("장소"), max_length=100)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    time_band = models.CharField(_("시간대"), max_length=11, blank=True)
    weekdays = models.JSONField(_("요일"), default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="patrol_spots"
    )

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("순찰 장소")
        verbose_name_plural = _("순찰 장소")

    def __str__(self) -> str:
        return f"{self.label} {self.time_band}"


class PatrolLog(models.Model):
    """An officer patrolled a spot (date and time in Seoul): the reporters behind it are told."""

    spot = models.ForeignKey(PatrolSpot, on_delete=models.CASCADE, related_name="logs")
    date = models.DateField(_("순찰일"))
    time = models.TimeField(_("순찰 시각"))
    notes = models.TextField(_("특이사항"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "time", "id"]
        verbose_name = _("순찰 기록")
        verbose_name_plural = _("순찰 기록")

    def __str__(self) -> str:
        return f"{self.spot_id} {self.date} {self.time:%H:%M}"
