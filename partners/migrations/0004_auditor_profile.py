from django.db import migrations


class Migration(migrations.Migration):
    # Placeholder for the 민원 점검관 (auditor) role, filled by the callbacks team.
    dependencies = [
        ("partners", "0003_police_invitations"),
    ]

    operations: list = []
