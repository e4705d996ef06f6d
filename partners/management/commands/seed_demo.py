"""`manage.py seed_demo`: idempotent Korean demo data (people, pages, then the other apps' demos)."""

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create (idempotently) the demo people, policy announcements and the other apps' demo data."

    def handle(self, *args, **options) -> None:
        from announcements.demo import seed_pages
        from partners.demo import seed_people

        users = seed_people()
        self.stdout.write(f"seed_demo: {len(users)} demo accounts (password: settings.DEMO_PASSWORD)")
        for username in users:
            self.stdout.write(f"  - {username}")
        for line in seed_pages():
            self.stdout.write(f"seed_demo: {line}")
        self.stdout.write("seed_demo: home page / and /announcements/ ready")
        for module_name in ("suggestions.demo", "search.demo"):
            if importlib.util.find_spec(module_name) is None:
                self.stdout.write(f"seed_demo: {module_name} not present, skipped")
                continue
            result = importlib.import_module(module_name).seed()
            self.stdout.write(f"seed_demo: {module_name}.seed() → {result if result is not None else 'done'}")
        if settings.DEBUG:
            self.stdout.write(f"seed_demo: demo password is {settings.DEMO_PASSWORD}")
        self.stdout.write(self.style.SUCCESS("seed_demo: done"))
