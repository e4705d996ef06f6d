import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_initial"),
        ("suggestions", "0007_moderation_reports_and_hidden"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestion",
            name="dong",
            field=models.CharField(blank=True, max_length=20, verbose_name="법정동"),
        ),
        migrations.AddField(
            model_name="suggestion",
            name="station",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="suggestions",
                to="places.policestation",
                verbose_name="관할 경찰서",
            ),
        ),
        migrations.AddField(
            model_name="suggestion",
            name="location_approximate",
            field=models.BooleanField(default=False, verbose_name="대략 위치"),
        ),
    ]
