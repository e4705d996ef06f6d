import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def supporters_follow(apps, schema_editor):
    """Existing supporters become followers (supporting follows from now on)."""
    Support = apps.get_model("suggestions", "Support")
    Follow = apps.get_model("suggestions", "Follow")
    have = set(Follow.objects.values_list("suggestion_id", "user_id"))
    rows = [
        Follow(suggestion_id=s, user_id=u)
        for s, u in Support.objects.values_list("suggestion_id", "user_id").iterator()
        if (s, u) not in have
    ]
    Follow.objects.bulk_create(rows, batch_size=1000)


def implemented_records(apps, schema_editor):
    """A record for every proposal already marked 반영 (its timeline note as the summary)."""
    Suggestion = apps.get_model("suggestions", "Suggestion")
    TimelineEvent = apps.get_model("suggestions", "TimelineEvent")
    Implementation = apps.get_model("suggestions", "Implementation")
    done = Suggestion.objects.filter(status="implemented", department__isnull=False, implementation__isnull=True)
    for s in done.iterator():
        event = TimelineEvent.objects.filter(suggestion=s, kind="implemented").order_by("-created_at").first()
        when = s.implemented_at or s.updated_at
        Implementation.objects.create(
            suggestion=s,
            summary=(event.message if event and event.message else s.title),
            implemented_on=when.date(),
            department_id=s.department_id,
            announcement_id=s.implemented_announcement_id,
            recorded_by_id=event.actor_id if event else None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0012_site_checks_referrals"),
        ("partners", "0004_auditor_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Follow",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "suggestion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="follows", to="suggestions.suggestion"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follows",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "팔로우",
                "verbose_name_plural": "팔로우",
                "constraints": [models.UniqueConstraint(fields=("suggestion", "user"), name="uniq_follow")],
            },
        ),
        migrations.CreateModel(
            name="ThreadMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("from_police", models.BooleanField(default=False)),
                ("body", models.TextField(verbose_name="내용")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                (
                    "author",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="partners.department",
                    ),
                ),
                (
                    "suggestion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="thread", to="suggestions.suggestion"
                    ),
                ),
            ],
            options={
                "verbose_name": "제안 대화",
                "verbose_name_plural": "제안 대화",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Implementation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("summary", models.TextField(verbose_name="변경 내용")),
                ("implemented_on", models.DateField(db_index=True, verbose_name="반영일")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "announcement",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                        verbose_name="관련 공지",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="implementations",
                        to="partners.department",
                        verbose_name="반영 부서",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "suggestion",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="implementation",
                        to="suggestions.suggestion",
                    ),
                ),
            ],
            options={
                "verbose_name": "반영 기록",
                "verbose_name_plural": "반영 기록",
                "ordering": ["-implemented_on", "-id"],
            },
        ),
        migrations.RunPython(supporters_follow, migrations.RunPython.noop),
        migrations.RunPython(implemented_records, migrations.RunPython.noop),
    ]
