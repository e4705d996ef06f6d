import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="PoliceStation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="예: 마포경찰서", max_length=20, unique=True, verbose_name="경찰서")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="비고")),
            ],
            options={"verbose_name": "경찰서", "verbose_name_plural": "경찰서", "ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="StationArea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("district", models.CharField(max_length=10, verbose_name="자치구")),
                ("dong", models.CharField(blank=True, help_text="비우면 자치구 전체", max_length=20, verbose_name="법정동")),
                (
                    "station",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="areas",
                        to="places.policestation",
                        verbose_name="경찰서",
                    ),
                ),
            ],
            options={"verbose_name": "관할 구역", "verbose_name_plural": "관할 구역", "ordering": ["district", "dong"]},
        ),
        migrations.AddConstraint(
            model_name="stationarea",
            constraint=models.UniqueConstraint(fields=("district", "dong"), name="station_area_unique"),
        ),
    ]
