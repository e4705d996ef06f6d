from django.db import migrations, models


class Migration(migrations.Migration):
    # The 민원 점검관 (auditor) role.
    dependencies = [
        ("partners", "0003_police_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="is_callback_auditor",
            field=models.BooleanField(default=False, verbose_name="민원 점검관"),
        ),
    ]
