from django.db import migrations


class Migration(migrations.Migration):
    # Placeholder, filled by the team that owns this loop; the chain is fixed so teams do not collide.
    dependencies = [
        ("suggestions", "0012_site_checks_referrals"),
    ]

    operations: list = []
