from celery import shared_task

from . import appointments


@shared_task(name="partners.end_expired_appointments", ignore_result=True)
def end_expired_appointments() -> int:
    return appointments.end_expired_appointments()
