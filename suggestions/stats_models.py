"""The public department statistics, materialised (suggestions.public_stats keeps them): the public
page reads one row per department instead of aggregating every answered suggestion per hit.
Imported by `suggestions.models`, so these are this app's models."""

from __future__ import annotations

from django.db import models


class PublicDepartmentStats(models.Model):
    """One department's figures as the public statistics page shows them (numbers only)."""

    department = models.OneToOneField(
        "partners.Department", primary_key=True, on_delete=models.CASCADE, related_name="public_stats"
    )
    total = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    open = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    answer_rate = models.FloatField(null=True)
    avg_business_days = models.FloatField(null=True)
    avg_calendar_days = models.FloatField(null=True)
    satisfaction = models.FloatField(null=True)
    ratings = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()
    # How long the recompute took (the same on every row): refreshes keep a gap proportional to it.
    compute_seconds = models.FloatField(default=0.0)

    def __str__(self) -> str:
        return f"stats {self.department_id} @ {self.computed_at:%Y-%m-%d %H:%M}"


class PublicStatsStale(models.Model):
    """A write that may have changed the figures (one insert per write, no shared row to contend
    on); the refresh deletes the marks it has covered, so a burst of writes costs one recompute."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"stale since {self.created_at:%Y-%m-%d %H:%M:%S}"
