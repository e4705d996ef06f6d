"""청렴 콜's periodic work (registered by its import in suggestions.tasks)."""

from celery import shared_task

from . import services


@shared_task(name="suggestions.open_overdue_callbacks", ignore_result=True)
def open_overdue_callbacks() -> int:
    return services.open_overdue_cases()
