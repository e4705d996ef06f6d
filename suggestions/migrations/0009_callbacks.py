import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # 청렴 콜 (suggestions.callbacks): callback cases, call logs, relays to departments; their timeline kinds.
    dependencies = [
        ("suggestions", "0008_suggestion_place_station"),
        ("partners", "0004_auditor_profile"),
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
                ],
                db_index=True,
                max_length=40,
            ),
        ),
        migrations.CreateModel(
            name="CallbackCase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("low_rating", "낮은 만족도"),
                            ("complaint", "민원 접수"),
                            ("overdue", "답변 지연"),
                            ("objection", "이의신청"),
                        ],
                        max_length=20,
                        verbose_name="유입 경로",
                    ),
                ),
                (
                    "opened_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="접수 일시"),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("open", "처리 중"),
                            ("relayed", "부서 회신 대기"),
                            ("answered_back", "회신 완료"),
                            ("closed", "종결"),
                        ],
                        db_index=True,
                        default="open",
                        max_length=20,
                        verbose_name="상태",
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[("resolved", "해결"), ("explained", "설명 완료"), ("re_review", "재검토 지시")],
                        max_length=20,
                        verbose_name="처리 결과",
                    ),
                ),
                ("due_date", models.DateField(blank=True, null=True, verbose_name="처리 기한")),
                ("answer_back", models.TextField(blank=True, verbose_name="회신 내용")),
                ("answered_back_at", models.DateTimeField(blank=True, null=True)),
                ("close_note", models.TextField(blank=True, verbose_name="종결 메모")),
                ("closed_at", models.DateTimeField(blank=True, null=True)),
                ("re_review_version", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="callback_cases",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="담당 점검관",
                    ),
                ),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "rating",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="callback_cases",
                        to="suggestions.rating",
                    ),
                ),
                (
                    "suggestion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="callback_cases",
                        to="suggestions.suggestion",
                    ),
                ),
            ],
            options={
                "verbose_name": "청렴 콜",
                "verbose_name_plural": "청렴 콜",
                "ordering": ["-opened_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="CallLog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="통화 일시")),
                ("reached", models.BooleanField(verbose_name="통화 연결")),
                ("note", models.TextField(blank=True, verbose_name="통화 내용")),
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
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="calls", to="suggestions.callbackcase"
                    ),
                ),
            ],
            options={
                "verbose_name": "통화 기록",
                "verbose_name_plural": "통화 기록",
                "ordering": ["at", "id"],
            },
        ),
        migrations.CreateModel(
            name="Relay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("request", models.TextField(verbose_name="요청 내용")),
                ("requested_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("response", models.TextField(blank=True, verbose_name="부서 회신")),
                ("responded_at", models.DateTimeField(blank=True, null=True)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relays",
                        to="suggestions.callbackcase",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="callback_relays",
                        to="partners.department",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "responded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "부서 회신 요청",
                "verbose_name_plural": "부서 회신 요청",
                "ordering": ["requested_at", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="callbackcase",
            constraint=models.UniqueConstraint(
                condition=models.Q(models.Q(("state", "closed"), _negated=True), ("rating__isnull", False)),
                fields=("suggestion", "source", "rating"),
                name="callback_one_open_per_rating",
            ),
        ),
        migrations.AddConstraint(
            model_name="callbackcase",
            constraint=models.UniqueConstraint(
                condition=models.Q(models.Q(("state", "closed"), _negated=True), ("rating__isnull", True)),
                fields=("suggestion", "source"),
                name="callback_one_open_per_cause",
            ),
        ),
    ]
