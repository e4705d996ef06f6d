"""POST /api/v1/suggestions/<id>/report — 신고 through the API (services.moderation.report).

A suggestion the caller may not see is a 404; a second report of the same item a 409
(`already_reported`); an unknown reason or target a 400 with the Korean message."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import access

from . import selectors
from .models import ContentReport
from .services import moderation


class ReportSerializer(serializers.Serializer):
    # Plain strings: the service answers an unknown value with its own Korean message (400).
    reason = serializers.CharField(
        help_text="abuse (욕설·비방), personal_data (개인정보 노출), off_topic (주제와 무관)"
    )
    target = serializers.CharField(
        required=False, default="suggestion", help_text="suggestion (제안) 또는 rating (평가 의견)"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class ReportResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    target = serializers.ChoiceField(choices=ContentReport.Target.choices)
    reason = serializers.ChoiceField(choices=ContentReport.Reason.choices)
    hidden = serializers.BooleanField(help_text="이 신고로 신고 누적 기준에 닿아 글이 숨겨졌는지")


class ReportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="신고 (제안 또는 작성자의 평가 의견; 한 사람당 한 번, 누적되면 검토 중 숨김)",
        request=ReportSerializer,
        responses={
            201: ReportResultSerializer,
            400: OpenApiResponse(description="사유·대상이 올바르지 않음"),
            403: OpenApiResponse(description="신고할 수 없음 (파트너 회원만, 자신의 글 제외)"),
            404: OpenApiResponse(description="없거나 볼 수 없는 제안"),
            409: OpenApiResponse(description="이미 신고함 (already_reported)"),
        },
        tags=["suggestions"],
    )
    def post(self, request, pk: int):
        s = selectors.access_suggestion_by_id(access.principal_for(request.user), pk)
        data = ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        r = moderation.report(request.user, s, d["reason"], target=d["target"], note=d["note"])
        s.refresh_from_db(fields=["hidden_at"])
        hidden = (r.rating.comment_hidden_at if r.rating else s.hidden_at) is not None
        body = {"id": r.pk, "target": r.target, "reason": r.reason, "hidden": hidden}
        return Response(ReportResultSerializer(body).data, status=status.HTTP_201_CREATED)
