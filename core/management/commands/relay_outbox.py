from django.core.management.base import BaseCommand

from core.outbox import relay_pending


class Command(BaseCommand):
    help = "Publish outbox messages that could not reach the broker."

    def handle(self, *args, **options):
        self.stdout.write(f"published {relay_pending(limit=100000)} message(s)")
