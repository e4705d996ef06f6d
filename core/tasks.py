from celery import shared_task

from . import outbox


@shared_task(name="core.relay_outbox", ignore_result=True)
def relay_outbox() -> int:
    return outbox.relay_pending()


@shared_task(name="core.prune_outbox", ignore_result=True)
def prune_outbox() -> int:
    from .retention import prune_outbox as prune

    return prune()
