"""Domain signals that `suggestions` publishes for the apps above it (search subscribes).

Sent inside the write's transaction, so a receiver that enqueues work through `core.outbox`
commits or rolls back with the write itself.
"""

from django.dispatch import Signal

from .models import Suggestion

# A suggestion's indexed content changed (text, status, supports, answer, visibility, …).
# Keyword arguments: suggestion_ids (a list of primary keys; one for most writes, many for an import).
suggestion_changed = Signal()


def send_suggestion_changed(*suggestion_ids: int) -> None:
    if suggestion_ids:
        suggestion_changed.send(sender=Suggestion, suggestion_ids=list(suggestion_ids))
