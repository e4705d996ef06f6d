"""Briefing API (HQ analysts and admins; a 404 for everyone else, like a missing resource): request a
month's briefing, follow its progress, find its download links (the same access-checked file views)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.access import can_request_briefing, principal_for

from . import services
from .models import Briefing
from .views import LISTED, parse_month, status_of


class BriefingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    month = serializers.CharField(help_text="YYYY-MM")
    state = serializers.ChoiceField(choices=Briefing.State.choices)
    state_label = serializers.CharField()
    progress = serializers.IntegerField(min_value=0, max_value=100)
    step = serializers.CharField(help_text="지금 하는 단계 (한국어)")
    pdf = serializers.CharField(help_text="완료되면 PDF 내려받기 경로, 아니면 빈 문자열")
    xlsx = serializers.CharField(help_text="완료되면 XLSX 내려받기 경로, 아니면 빈 문자열")


class BriefingRequestSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="대상 월 YYYY-MM (예: 2026-11)")

    def validate_month(self, value: str):
        month = parse_month(value)
        if month is None:
            raise serializers.ValidationError("대상 월은 YYYY-MM 형식이어야 합니다 (예: 2026-11).")
        return month


class HQBriefingView(APIView):
    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not can_request_briefing(principal_for(request.user)):
            raise NotFound


class BriefingListView(HQBriefingView):
    @extend_schema(
        operation_id="briefings_list",
        summary="월간 브리핑 목록 (HQ)",
        responses={200: BriefingSerializer(many=True)},
    )
    def get(self, request):
        return Response([status_of(b) for b in Briefing.objects.all()[:LISTED]])

    @extend_schema(
        operation_id="briefings_request",
        summary="월간 브리핑 만들기 (HQ)",
        description=(
            "그 달의 브리핑(PDF·XLSX)을 Celery 작업으로 만듭니다. 진행률은 briefings/{id}에서 확인합니다. "
            "아직 시작하지 않은 달, 이미 만드는 중인 달은 409."
        ),
        request=BriefingRequestSerializer,
        responses={202: BriefingSerializer},
    )
    def post(self, request):
        data = BriefingRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        briefing = services.request_briefing(request.user, data.validated_data["month"])
        return Response(status_of(briefing), status=202)


class BriefingDetailView(HQBriefingView):
    @extend_schema(
        operation_id="briefings_status", summary="월간 브리핑 진행 상황 (HQ)", responses={200: BriefingSerializer}
    )
    def get(self, request, pk: int):
        return Response(status_of(get_object_or_404(Briefing, pk=pk)))
