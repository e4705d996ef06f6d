from django.core.management.base import BaseCommand, CommandError

from search.client import index_name
from search.indexing import KINDS
from search.reconcile import reconcile_changes, reconcile_full


class Command(BaseCommand):
    help = (
        "Re-index documents missing or stale against the database: by default only the rows changed "
        "since the last run (what the periodic task does); --full compares every row and document "
        "and deletes documents whose rows are gone. Takes the same lock as the periodic task."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="check every row and document")
        parser.add_argument("--kind", choices=KINDS, action="append", help="only this kind (repeatable)")

    def handle(self, *args, **options):
        kinds = options["kind"] or list(KINDS)
        counts = reconcile_full(kinds) if options["full"] else reconcile_changes(kinds)
        if not counts:
            raise CommandError("another reconcile is running (search-reconcile lock held); try again later")
        for kind, fixed in counts.items():
            self.stdout.write(f"{index_name(kind)}: {fixed} document(s) re-indexed or deleted")
