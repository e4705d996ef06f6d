"""`manage.py demo_totp`: the TOTP code the demo police accounts accept right now (make run only)."""

from django.core.management.base import BaseCommand

from demo.totp import current_code, demo_secret_base32


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo police accounts (and the demo secret for an authenticator app)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(current_code())
        self.stderr.write(f"demo secret (base32, for an authenticator app): {demo_secret_base32()}")
