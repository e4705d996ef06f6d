import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # 탄력순찰 (suggestions.patrols): patrol units, requests, weekly plans, spots, logs; the 순찰 완료 event kind.
    dependencies = [
        ("suggestions", "0010_ratings_objections"),
        ("places", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="timelineevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("submitted", "제출"),
                    ("received", "접수"),
                    ("assigned", "부서 배정"),
                    ("transferred", "담당 부서 변경(이송·재배정)"),
                    ("transfer_requested", "이송 요청"),
                    ("transfer_rejected", "이송 요청 반려"),
                    ("routing_failed", "자동 배정 실패"),
                    ("review_started", "검토 시작"),
                    ("supplement_requested", "보완 요청"),
                    ("supplemented", "보완 제출"),
                    ("extension_requested", "처리 기한 연장 요청"),
                    ("extension_rejected", "처리 기한 연장 반려"),
                    ("extended", "처리 기한 연장"),
                    ("interim_notice", "처리 진행 상황 안내"),
                    ("progress_asked", "진행 상황 문의"),
                    ("delay_reason", "처리 지연 사유"),
                    ("site_check", "현장 진단 예정"),
                    ("site_check_done", "현장 진단 결과"),
                    ("referred", "관계기관 통보"),
                    ("referral_reply", "관계기관 회신"),
                    ("answer_drafted", "답변 작성"),
                    ("answer_edited", "답변 수정"),
                    ("answer_submitted", "답변 결재 요청"),
                    ("answer_returned", "답변 반려"),
                    ("answered", "공식 답변 게시"),
                    ("answer_corrected", "공식 답변 정정"),
                    ("answer_step_approved", "답변 단계 결재"),
                    ("delegated_approval", "대결"),
                    ("approval_reassigned", "결재자 재지정"),
                    ("implemented", "반영 완료"),
                    ("withdrawn", "철회"),
                    ("merged", "병합"),
                    ("merged_in", "중복 제안 병합됨"),
                    ("rated", "만족도 평가"),
                    ("moderation_hidden", "신고 검토 중 숨김"),
                    ("moderation_restored", "신고 검토 후 다시 공개"),
                    ("moderation_masked", "신고 검토 후 일부 가림"),
                    ("callback_relayed", "청렴 콜 부서 회신 요청"),
                    ("callback_answered_back", "청렴 콜 회신"),
                    ("callback_closed", "청렴 콜 종결"),
                    ("callback_re_review", "재검토 지시"),
                    ("patrolled", "순찰 완료"),
                ],
                db_index=True,
                max_length=40,
            ),
        ),
        migrations.CreateModel(
            name="PatrolPlan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("district", models.CharField(blank=True, max_length=10, verbose_name="자치구")),
                ("year", models.PositiveSmallIntegerField()),
                ("week", models.PositiveSmallIntegerField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
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
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.policestation",
                        verbose_name="경찰서",
                    ),
                ),
            ],
            options={
                "verbose_name": "주간 순찰 계획",
                "verbose_name_plural": "주간 순찰 계획",
                "ordering": ["-year", "-week", "id"],
            },
        ),
        migrations.CreateModel(
            name="PatrolRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("district", models.CharField(blank=True, max_length=10, verbose_name="자치구")),
                ("cell_key", models.CharField(max_length=20, verbose_name="격자")),
                ("label", models.CharField(max_length=100, verbose_name="장소")),
                ("time_band", models.CharField(blank=True, max_length=11, verbose_name="시간대")),
                ("weekdays", models.JSONField(blank=True, default=list, verbose_name="요일")),
                ("lat", models.FloatField(blank=True, null=True)),
                ("lon", models.FloatField(blank=True, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "요청"), ("planned", "계획 반영"), ("closed", "종료")],
                        db_index=True,
                        default="open",
                        max_length=10,
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="메모")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
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
                ("reports", models.ManyToManyField(related_name="patrol_requests", to="suggestions.suggestion")),
                (
                    "station",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="places.policestation",
                        verbose_name="경찰서",
                    ),
                ),
            ],
            options={
                "verbose_name": "순찰 요청",
                "verbose_name_plural": "순찰 요청",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="PatrolSpot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.CharField(max_length=100, verbose_name="장소")),
                ("lat", models.FloatField(blank=True, null=True)),
                ("lon", models.FloatField(blank=True, null=True)),
                ("time_band", models.CharField(blank=True, max_length=11, verbose_name="시간대")),
                ("weekdays", models.JSONField(blank=True, default=list, verbose_name="요일")),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="patrol_spots",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="spots", to="suggestions.patrolplan"
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="spots",
                        to="suggestions.patrolrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "순찰 장소",
                "verbose_name_plural": "순찰 장소",
                "ordering": ["plan", "id"],
            },
        ),
        migrations.CreateModel(
            name="PatrolLog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(verbose_name="순찰일")),
                ("time", models.TimeField(verbose_name="순찰 시각")),
                ("notes", models.TextField(blank=True, verbose_name="특이사항")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "spot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="logs", to="suggestions.patrolspot"
                    ),
                ),
            ],
            options={
                "verbose_name": "순찰 기록",
                "verbose_name_plural": "순찰 기록",
                "ordering": ["date", "time", "id"],
            },
        ),
        migrations.CreateModel(
            name="PatrolUnit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="patrol_units",
                        to="partners.department",
                        verbose_name="순찰 담당 부서",
                    ),
                ),
                (
                    "station",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="patrol_unit",
                        to="places.policestation",
                        verbose_name="경찰서",
                    ),
                ),
            ],
            options={
                "verbose_name": "순찰 담당 부서",
                "verbose_name_plural": "순찰 담당 부서",
            },
        ),
    ]
