"""`manage.py export_suggestions [-o FILE.csv] [--unmasked]`: CSV of every suggestion."""

from django.core.management.base import BaseCommand

from search.export import export_suggestions_csv


class Command(BaseCommand):
    help = "Export suggestions as CSV (UTF-8 with BOM for spreadsheet apps); personal data masked by default."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="CSV file (default: stdout)")
        parser.add_argument("--unmasked", action="store_true", help="keep personal data (police use only)")

    def handle(self, *args, **options):
        if options.get("output"):
            with open(options["output"], "w", encoding="utf-8-sig", newline="") as out:
                n = export_suggestions_csv(out, unmasked=options["unmasked"])
            self.stderr.write(f"{n}건을 {options['output']}에 썼습니다.")
        else:
            export_suggestions_csv(self.stdout, unmasked=options["unmasked"])
