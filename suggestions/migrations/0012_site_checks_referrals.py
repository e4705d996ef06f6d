"""POST-CSO: the CPTED checklist (seeded), per-item results and photos of site checks, the agency
directory, referral outcomes with the agency's one-time link, and the e-mails to agencies."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CPTED_ITEMS = [
    ("조명", "야간 조도, 고장·소등된 가로등·보안등"),
    ("CCTV", "설치 여부, 사각지대, 화질·작동 상태"),
    ("시야 확보", "수목·담장·적치물로 가려진 곳"),
    ("비상벨", "위치 안내, 작동·연결 상태"),
    ("안내 표지", "방범 안내판, 위치 표지(국가지점번호 등)"),
    ("출입 통제", "공·폐가, 옥상·지하 출입구 잠금"),
]


def seed_checklist(apps, schema_editor):
    item = apps.get_model("suggestions", "ChecklistItem")
    for order, (label, guidance) in enumerate(CPTED_ITEMS, start=1):
        item.objects.get_or_create(label=label, defaults={"guidance": guidance, "order": order * 10})


def unseed_checklist(apps, schema_editor):
    apps.get_model("suggestions", "ChecklistItem").objects.filter(label__in=[x[0] for x in CPTED_ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0011_patrols"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Agency",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="기관명")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("district", "구청 부서"),
                            ("city", "서울시"),
                            ("kepco", "한전"),
                            ("facility", "시설관리공단"),
                            ("other", "기타"),
                        ],
                        default="district",
                        max_length=20,
                        verbose_name="구분",
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="담당 이메일")),
                ("active", models.BooleanField(default=True, verbose_name="사용")),
            ],
            options={
                "verbose_name": "관계기관",
                "verbose_name_plural": "관계기관",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="ChecklistItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.CharField(max_length=60, unique=True, verbose_name="항목")),
                ("guidance", models.CharField(blank=True, max_length=200, verbose_name="점검 요령")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="순서")),
                ("active", models.BooleanField(default=True, verbose_name="사용")),
            ],
            options={
                "verbose_name": "CPTED 점검 항목",
                "verbose_name_plural": "CPTED 점검 항목",
                "ordering": ["order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ReferralMail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=200, unique=True)),
                ("to", models.EmailField(max_length=254)),
                ("subject", models.CharField(max_length=200)),
                ("body", models.TextField()),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="SiteCheckItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "result",
                    models.CharField(
                        choices=[("good", "양호"), ("poor", "미흡"), ("na", "해당 없음")],
                        max_length=10,
                        verbose_name="결과",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="메모")),
            ],
            options={
                "ordering": ["item__order", "item__pk"],
            },
        ),
        migrations.CreateModel(
            name="SiteCheckPhoto",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("file", models.ImageField(upload_to="site_checks/%Y/%m/")),
                ("size", models.PositiveIntegerField(default=0)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["pk"],
            },
        ),
        migrations.AlterModelOptions(
            name="agencyreferral",
            options={"ordering": ["referred_on", "pk"]},
        ),
        migrations.AlterModelOptions(
            name="sitecheck",
            options={"ordering": ["scheduled_for", "pk"]},
        ),
        migrations.AddField(
            model_name="agencyreferral",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="agencyreferral",
            name="link_nonce",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="agencyreferral",
            name="reason",
            field=models.TextField(blank=True, verbose_name="조치 불가 사유"),
        ),
        migrations.AddField(
            model_name="agencyreferral",
            name="reply_due",
            field=models.DateField(blank=True, null=True, verbose_name="회신 기한"),
        ),
        migrations.AddField(
            model_name="agencyreferral",
            name="status",
            field=models.CharField(
                choices=[
                    ("sent", "통보"),
                    ("received", "접수"),
                    ("in_progress", "조치 중"),
                    ("done", "조치 완료"),
                    ("impossible", "조치 불가"),
                ],
                default="sent",
                max_length=20,
                verbose_name="조치 상태",
            ),
        ),
        migrations.AddField(
            model_name="sitecheck",
            name="assigned_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="assigned_site_checks",
                to=settings.AUTH_USER_MODEL,
                verbose_name="담당 경찰관",
            ),
        ),
        migrations.AddField(
            model_name="sitecheck",
            name="due_date",
            field=models.DateField(blank=True, null=True, verbose_name="진단 기한"),
        ),
        migrations.AlterField(
            model_name="sitecheck",
            name="result",
            field=models.TextField(blank=True, verbose_name="진단 소견"),
        ),
        migrations.AddField(
            model_name="agencyreferral",
            name="directory",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals",
                to="suggestions.agency",
                verbose_name="관계기관",
            ),
        ),
        migrations.AddIndex(
            model_name="agencyreferral",
            index=models.Index(fields=["status", "reply_due"], name="referral_open_due_idx"),
        ),
        migrations.AddField(
            model_name="referralmail",
            name="referral",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="mails", to="suggestions.agencyreferral"
            ),
        ),
        migrations.AddField(
            model_name="sitecheckitem",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="suggestions.checklistitem"
            ),
        ),
        migrations.AddField(
            model_name="sitecheckitem",
            name="site_check",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="items", to="suggestions.sitecheck"
            ),
        ),
        migrations.AddField(
            model_name="sitecheckphoto",
            name="site_check",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="photos", to="suggestions.sitecheck"
            ),
        ),
        migrations.AddConstraint(
            model_name="sitecheckitem",
            constraint=models.UniqueConstraint(fields=("site_check", "item"), name="one_result_per_checklist_item"),
        ),
        migrations.RunPython(seed_checklist, unseed_checklist),
    ]
