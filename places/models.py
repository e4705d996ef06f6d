"""Seoul's police stations (경찰서) and the areas each covers, editable by admins in Wagtail."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class PoliceStation(ClusterableModel):
    name = models.CharField(_("경찰서"), max_length=20, unique=True, help_text=_("예: 마포경찰서"))
    note = models.CharField(_("비고"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("경찰서")
        verbose_name_plural = _("경찰서")

    def __str__(self) -> str:
        return self.name


class StationArea(models.Model):
    """A 자치구 (dong blank) or one 법정동 of it that a station covers. A 법정동 row wins over its
    자치구's row, so a district shared by two stations has one district row and the exceptions."""

    station = ParentalKey(PoliceStation, on_delete=models.CASCADE, related_name="areas", verbose_name=_("경찰서"))
    district = models.CharField(_("자치구"), max_length=10)
    dong = models.CharField(_("법정동"), max_length=20, blank=True, help_text=_("비우면 자치구 전체"))

    class Meta:
        ordering = ["district", "dong"]
        verbose_name = _("관할 구역")
        verbose_name_plural = _("관할 구역")
        constraints = [models.UniqueConstraint(fields=["district", "dong"], name="station_area_unique")]

    def __str__(self) -> str:
        return f"{self.district} {self.dong}".strip()

    def clean(self) -> None:
        from . import boundaries

        if self.district not in boundaries.district_areas():
            raise ValidationError({"district": _("서울의 자치구 이름이 아닙니다 (예: 마포구).")})
        if self.dong and self.district not in boundaries.dong_names().get(self.dong, ()):
            raise ValidationError({"dong": _("이 자치구의 법정동 이름이 아닙니다 (예: 아현동).")})
