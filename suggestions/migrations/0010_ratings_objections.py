import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def point_ratings_at_published_answers(apps, schema_editor):
    """Ratings made when there was one rating per proposal rated the answer then in force: its published version."""
    Rating = apps.get_model("suggestions", "Rating")
    Answer = apps.get_model("suggestions", "Answer")
    for rating in Rating.objects.filter(answer__isnull=True).iterator():
        answer = (
            Answer.objects.filter(suggestion_id=rating.suggestion_id, state="published").order_by("-version").first()
        )
        if answer is not None:
            Rating.objects.filter(pk=rating.pk).update(answer=answer)


class Migration(migrations.Migration):
    # Re-rating (one rating per published answer version, 민원 flag) and 이의신청 (suggestions.objections).
    dependencies = [
        ("suggestions", "0009_callbacks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(name="rating", options={"ordering": ["created_at", "id"]}),
        migrations.AddField(
            model_name="rating",
            name="answer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ratings",
                to="suggestions.answer",
            ),
        ),
        migrations.AddField(
            model_name="rating",
            name="is_complaint",
            field=models.BooleanField(default=False, verbose_name="민원으로 접수"),
        ),
        migrations.AlterField(
            model_name="rating",
            name="suggestion",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="ratings", to="suggestions.suggestion"
            ),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.UniqueConstraint(fields=("suggestion", "answer"), name="one_rating_per_answer"),
        ),
        migrations.AddConstraint(
            model_name="rating",
            constraint=models.UniqueConstraint(
                condition=models.Q(("answer__isnull", True)), fields=("suggestion",), name="one_unversioned_rating"
            ),
        ),
        migrations.CreateModel(
            name="Objection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(verbose_name="이의신청 사유")),
                (
                    "state",
                    models.CharField(
                        choices=[("received", "접수"), ("in_progress", "처리 중"), ("done", "완료")],
                        db_index=True,
                        default="received",
                        max_length=20,
                    ),
                ),
                ("due_date", models.DateField(verbose_name="처리 기한")),
                ("response", models.TextField(blank=True, verbose_name="답변")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("responded_at", models.DateTimeField(blank=True, null=True)),
                (
                    "answer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="objections", to="suggestions.answer"
                    ),
                ),
                (
                    "responder",
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
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="objections",
                        to="suggestions.suggestion",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "이의신청",
                "verbose_name_plural": "이의신청",
                "ordering": ["-created_at", "-id"],
                "constraints": [models.UniqueConstraint(fields=("answer",), name="one_objection_per_answer")],
            },
        ),
        # Last: rows updated with deferred FK checks pending would block a later ALTER TABLE (PostgreSQL).
        migrations.RunPython(point_ratings_at_published_answers, migrations.RunPython.noop),
    ]
