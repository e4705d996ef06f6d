from django.db import migrations

# Frozen copy of search.defaults.DEFAULT_SYNONYMS at the time of this migration.
SYNONYMS = {
    "몰카": "불법촬영, 몰래카메라, 불법 카메라",
    "킥보드": "전동킥보드, PM, 개인형 이동장치",
    "보이스피싱": "전화금융사기, 전화 사기, 사칭 전화",
    "스쿨존": "어린이보호구역",
    "씨씨티비": "CCTV, 방범카메라",
    "딥페이크": "합성 영상, 허위 영상물",
    "스토킹": "따라다니는, 따라오는, 미행",
    "음주운전": "술 마시고 운전, 음주 단속",
    "학폭": "학교폭력, 따돌림, 괴롭힘",
    "택배 도둑": "택배 절도, 택배 분실",
    "가로등": "보안등",
    "집회": "시위, 집회·시위",
}


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, expansions in SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"expansions": expansions})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
