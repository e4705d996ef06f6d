"""0002 shipped synonym groups fitted to the old evaluation corpus (스토킹 → 따라오는, 음주운전 → 술
마시고 운전, 보이스피싱 → 사칭 전화, 학폭 → 따돌림, 택배 도둑 → 택배 분실) and near-words that are not
the same thing (가로등 ≠ 보안등, 집회 ≠ 시위, 딥페이크 ≠ any 합성 영상). A row HQ has edited since (its
expansions differ from what 0002 wrote) is left as HQ made it."""

from django.db import migrations

# What 0002 wrote → what it becomes (None: the row is deleted).
CHANGES = {
    "몰카": ("불법촬영, 몰래카메라, 불법 카메라", "불법촬영, 몰래카메라"),
    "보이스피싱": ("전화금융사기, 전화 사기, 사칭 전화", "전화금융사기, 전화 사기"),
    "딥페이크": ("합성 영상, 허위 영상물", "허위영상물"),
    "스토킹": ("따라다니는, 따라오는, 미행", None),
    "음주운전": ("술 마시고 운전, 음주 단속", None),
    "학폭": ("학교폭력, 따돌림, 괴롭힘", "학교폭력"),
    "택배 도둑": ("택배 절도, 택배 분실", "택배 절도"),
    "가로등": ("보안등", None),
    "집회": ("시위, 집회·시위", None),
}
# True equivalences added with the cleaned list (created only when the term is not there yet).
ADDED = {"실버존": "노인보호구역", "데이트폭력": "교제폭력"}


def clean(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, (seeded, cleaned) in CHANGES.items():
        rows = Synonym.objects.filter(term=term, expansions=seeded)
        if cleaned is None:
            rows.delete()
        else:
            rows.update(expansions=cleaned)
    for term, expansions in ADDED.items():
        Synonym.objects.get_or_create(term=term, defaults={"expansions": expansions})


def restore(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, (seeded, cleaned) in CHANGES.items():
        if cleaned is None:
            Synonym.objects.get_or_create(term=term, defaults={"expansions": seeded})
        else:
            Synonym.objects.filter(term=term, expansions=cleaned).update(expansions=seeded)
    for term, expansions in ADDED.items():
        Synonym.objects.filter(term=term, expansions=expansions).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_seed_user_dictionary")]

    operations = [migrations.RunPython(clean, restore)]
