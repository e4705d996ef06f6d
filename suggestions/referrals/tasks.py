"""Celery tasks of the referrals loop (imported by suggestions.tasks, so the worker registers them)."""

from celery import shared_task

from . import mail


@shared_task(name="suggestions.send_referral_mail", ignore_result=True, acks_late=True)
def send_referral_mail(mail_id: int) -> bool:
    return mail.send(mail_id)


@shared_task(name="suggestions.send_referral_reminders", ignore_result=True)
def send_referral_reminders() -> int:
    return mail.send_reminders()
