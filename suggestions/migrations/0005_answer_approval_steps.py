# The answer's approval line (partners.approval_line) and the 대결 / step / reassignment timeline kinds.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0004_notification_delivery_retries"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="approvals",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="answer",
            name="on_behalf_of",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="step",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="answer",
            name="step_approver",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="step_label",
            field=models.CharField(blank=True, max_length=50),
        ),
        migrations.AddField(
            model_name="answer",
            name="step_role",
            field=models.CharField(blank=True, default="head", max_length=20),
        ),
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
                    ("extended", "처리 기한 연장"),
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
                ],
                db_index=True,
                max_length=40,
            ),
        ),
    ]
