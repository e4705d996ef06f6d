"""`manage.py seed_demo`: idempotent Korean demo data (people, pages, suggestions, then search)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo import search as demo_search
from demo import suggestions as demo_suggestions
from demo.announcements import seed_pages
from demo.briefings import seed_briefings
from demo.callbacks import seed_callbacks
from demo.following import seed_following
from demo.objections import seed_objections
from demo.partners import seed_chain_of_command, seed_people
from demo.patrols import seed_patrols
from demo.referrals import seed_referrals
from demo.totp import seed_devices


class Command(BaseCommand):
    help = "Create (idempotently) the demo people, policy announcements, suggestions and search defaults."

    def handle(self, *args, **options) -> None:
        users = seed_people()
        self.stdout.write(f"seed_demo: {len(users)} demo accounts (password: settings.DEMO_PASSWORD)")
        for username in users:
            self.stdout.write(f"  - {username}")
        for line in seed_pages():
            self.stdout.write(f"seed_demo: {line}")
        self.stdout.write("seed_demo: home page / and /announcements/ ready")
        # Suggestions before search: search.seed() indexes what the suggestions seed filed.
        self.stdout.write(f"seed_demo: suggestions → {demo_suggestions.seed()}")
        self.stdout.write(f"seed_demo: 이의신청·재평가 → {seed_objections()}")
        self.stdout.write(f"seed_demo: 청렴 콜 → {seed_callbacks()}")
        seed_referrals()  # POST-CSO: agencies, checklist, site checks, referrals in each state
        self.stdout.write(f"seed_demo: 탄력순찰 → {seed_patrols()}")
        self.stdout.write(f"seed_demo: search synonyms added → {demo_search.seed()}")
        for line in seed_chain_of_command(users):  # after the answers the heads approved alone
            self.stdout.write(f"seed_demo: {line}")
        self.stdout.write(f"seed_demo: 팔로우·대화·반영 → {seed_following()}")  # before the briefing lists them
        self.stdout.write(f"seed_demo: monthly briefing → {seed_briefings()}")
        enrolled = seed_devices()  # last: the chain-of-command seed adds police accounts too
        self.stdout.write(f"seed_demo: TOTP devices for {', '.join(enrolled)} (code: manage.py demo_totp)")
        if settings.DEBUG:
            self.stdout.write(f"seed_demo: demo password is {settings.DEMO_PASSWORD}")
        self.stdout.write(self.style.SUCCESS("seed_demo: done"))
