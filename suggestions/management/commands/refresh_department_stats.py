"""`manage.py refresh_department_stats`: rebuild the public department statistics now (deploy,
after a bulk load that bypassed the services; the beat does it hourly)."""

from django.core.management.base import BaseCommand

from suggestions import public_stats


class Command(BaseCommand):
    help = "Rebuild the materialised public department statistics."

    def handle(self, *args, **options):
        public_stats.refresh(force=True)
        rows, stamp = public_stats.snapshot()
        when = f" ({stamp:%Y-%m-%d %H:%M:%S})" if stamp else ""
        self.stdout.write(f"부서 {len(rows)}곳의 통계를 다시 계산했습니다{when}.")
