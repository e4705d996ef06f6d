"""`manage.py purge_personal_data [--dry-run] [--yes]`: the personal data of suggestions closed more
than RETENTION_YEARS ago (suggestions.retention). Without --yes it only reports what it would purge."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from suggestions import retention


class Command(BaseCommand):
    help = "Purge personal data of suggestions closed more than RETENTION_YEARS ago (dry run unless --yes)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count (the default without --yes)")
        parser.add_argument("--yes", action="store_true", help="purge for real")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, dry_run=False, yes=False, no_progress=False, **options):
        ids = list(retention.purge_candidates().values_list("pk", flat=True))
        years = settings.RETENTION_YEARS
        if dry_run or not yes:
            self.stdout.write(
                f"[미리 보기] 종결 후 {years}년이 지난 제안 {len(ids)}건의 개인정보를 지웁니다. "
                "실제로 지우려면 --yes 를 붙여 다시 실행하세요."
            )
            return
        totals = {"texts": 0, "files": 0, "notifications": 0, "contacts": 0}
        with tqdm(total=len(ids), desc="개인정보 파기", unit="건", file=sys.stderr, disable=no_progress) as bar:
            for pk in ids:
                for key, value in retention.purge_personal_data(retention.Suggestion(pk=pk)).items():
                    totals[key] += value
                bar.update()
        self.stdout.write(
            f"제안 {len(ids)}건 파기 완료: 가린 글 {totals['texts']}곳, 지운 파일 {totals['files']}개, "
            f"발송 기록 {totals['notifications']}건, 연락처 {totals['contacts']}건"
        )
