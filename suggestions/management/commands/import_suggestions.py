"""`manage.py import_suggestions FILE.jsonl [--answers ANSWERS.jsonl]` (see suggestions.importing)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from suggestions import importing


class Command(BaseCommand):
    help = "Import suggestions from JSON Lines (sample_suggestions.jsonl format); idempotent on `id` (ref)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSONL file of suggestions")
        parser.add_argument("--answers", help="JSONL file of official answers (sample_answers.jsonl format)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def _run(self, path: Path, func, label: str, quiet: bool):
        if not path.is_file():
            raise CommandError(f"파일이 없습니다: {path}")
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        with tqdm(total=len(lines), desc=label, unit="줄", file=sys.stderr, disable=quiet) as bar:
            report = func(lines, progress=bar)
        for number, message in report.errors:
            self.stderr.write(f"{path.name}:{number}: {message} — 건너뜀")
        self.stdout.write(
            f"{label}: 새로 {report.created}건, 이미 있음 {report.existing}건, 오류 {report.bad}건 ({path.name})"
        )
        return report

    def handle(self, *args, **options):
        quiet = options["no_progress"] or options.get("verbosity", 1) == 0
        self._run(Path(options["file"]), importing.import_suggestions, "제안", quiet)
        if options.get("answers"):
            self._run(Path(options["answers"]), importing.import_answers, "답변", quiet)
