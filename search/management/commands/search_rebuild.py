import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.client import SearchIndexMissing, index_name
from search.indexing import KINDS, check, rebuild


class Command(BaseCommand):
    help = (
        "Bulk-load new versioned indices from the database and swap the aliases atomically; "
        "--check only reports documents missing or stale against the database (exit 1 when any)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="report missing/stale documents, change nothing")
        parser.add_argument("--kind", choices=KINDS, action="append", help="only this kind (repeatable)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        kinds = options["kind"] or list(KINDS)
        if options["check"]:
            problems = 0
            for kind in kinds:
                try:
                    report = check(kind)
                except SearchIndexMissing as exc:
                    raise CommandError(f"{exc}: no such index; run `manage.py search_setup` first") from exc
                problems += len(report["missing"]) + len(report["stale"]) + len(report["extra"])
                self.stdout.write(
                    f"{index_name(kind)}: missing {len(report['missing'])}, stale {len(report['stale'])}, "
                    f"extra {len(report['extra'])}"
                )
                for key in ("missing", "stale", "extra"):
                    if report[key]:
                        self.stdout.write(
                            f"  {key}: {' '.join(report[key][:50])}{' …' if len(report[key]) > 50 else ''}"
                        )
            if problems:
                sys.exit(1)
            self.stdout.write(self.style.SUCCESS("index in step with the database"))
            return

        def progress(total, desc):
            return tqdm(total=total, desc=desc, unit="doc", disable=options["no_progress"], file=sys.stderr)

        for kind in kinds:
            name = rebuild(kind, progress_factory=progress)
            self.stdout.write(self.style.SUCCESS(f"{index_name(kind)} → {name}"))
