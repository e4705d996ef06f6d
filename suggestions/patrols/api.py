"""/api/v1/patrols/ — 탄력순찰 for the police: requests (GET, POST from a hotspot cell), weekly plans
(GET, POST from requests), a plan's spots and a spot's logs (GET, POST "patrolled"). Anyone else,
and a plan outside the caller's area, gets 404; bad input a 400 with the Korean message."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import access

from . import selectors, services
from .models import PatrolLog, PatrolPlan, PatrolRequest, PatrolSpot

TAGS = ["patrols"]


def _police(request) -> access.Principal:
    principal = access.principal_for(request.user)
    if not access.can_view_patrols(principal):
        raise Http404
    return principal


class PatrolRequestSerializer(serializers.ModelSerializer):
    station = serializers.CharField(source="station.name", default="", read_only=True)
    reports = serializers.SerializerMethodField(help_text="이 요청이 답하는 현장 의견 id")

    class Meta:
        model = PatrolRequest
        fields = ["id", "station", "district", "cell_key", "label", "time_band", "weekdays", "lat", "lon"]
        fields += ["status", "reports", "note", "created_at"]

    def get_reports(self, obj: PatrolRequest) -> list[int]:
        return [s.pk for s in obj.reports.all()]


class NewRequestSerializer(serializers.Serializer):
    cell_key = serializers.CharField(help_text="현장 의견 지도의 격자 z/x/y (예: 14/13970/6336)")
    time_band = serializers.CharField(required=False, allow_blank=True, default="", help_text="HH:MM-HH:MM")
    weekdays = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    risk_type = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class LogSerializer(serializers.ModelSerializer):
    class Meta:
        model = PatrolLog
        fields = ["id", "date", "time", "notes", "created_at"]


class SpotSerializer(serializers.ModelSerializer):
    logs = LogSerializer(many=True, read_only=True)

    class Meta:
        model = PatrolSpot
        fields = ["id", "request", "label", "lat", "lon", "time_band", "weekdays", "assignee", "logs"]


class PlanSerializer(serializers.ModelSerializer):
    station = serializers.CharField(source="station.name", default="", read_only=True)
    spots = SpotSerializer(many=True, read_only=True)

    class Meta:
        model = PatrolPlan
        fields = ["id", "station", "district", "department", "year", "week", "spots", "created_at"]


class NewPlanSerializer(serializers.Serializer):
    requests = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    week = serializers.CharField(help_text="ISO 주간 (예: 2026-W49)")
    assignee = serializers.IntegerField(required=False, allow_null=True, default=None)


class NewLogSerializer(serializers.Serializer):
    date = serializers.DateField()
    time = serializers.TimeField()
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


NOT_POLICE = OpenApiResponse(description="없거나 볼 수 없음 (경찰만, 자기 관할)")


class RequestsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="순찰 요청 목록", responses={200: PatrolRequestSerializer(many=True), 404: NOT_POLICE}, tags=TAGS
    )
    def get(self, request):
        rows = selectors.requests_for(_police(request))[:200]
        return Response(PatrolRequestSerializer(rows, many=True).data)

    @extend_schema(
        summary="격자로 순찰 요청 만들기 (경찰서별로 나눔, 경찰서가 없으면 자치구)",
        request=NewRequestSerializer,
        responses={
            201: PatrolRequestSerializer(many=True),
            400: OpenApiResponse(description="격자·시간대·요일이 올바르지 않음"),
            403: OpenApiResponse(description="그 관할의 순찰을 계획할 수 없음"),
            409: OpenApiResponse(description="그 격자에 해당하는 현장 의견이 없음 (not_found)"),
        },
        tags=TAGS,
    )
    def post(self, request):
        _police(request)
        data = NewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = services.create_requests(request.user, **data.validated_data)
        return Response(PatrolRequestSerializer(made, many=True).data, status=status.HTTP_201_CREATED)


class PlansView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="주간 순찰 계획 목록", responses={200: PlanSerializer(many=True), 404: NOT_POLICE}, tags=TAGS
    )
    def get(self, request):
        rows = selectors.plans_for(_police(request)).prefetch_related("spots__logs")[:100]
        return Response(PlanSerializer(rows, many=True).data)

    @extend_schema(
        summary="순찰 요청을 주간 계획에 넣기 (요청마다 순찰 장소 하나)",
        request=NewPlanSerializer,
        responses={201: PlanSerializer, 400: OpenApiResponse(description="빈 계획, 주간·담당자 오류"), 404: NOT_POLICE},
        tags=TAGS,
    )
    def post(self, request):
        principal = _police(request)
        data = NewPlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        chosen = list(selectors.requests_for(principal).filter(pk__in=d["requests"], status=PatrolRequest.Status.OPEN))
        if len(chosen) != len(set(d["requests"])):
            raise Http404
        assignee = get_user_model().objects.filter(pk=d["assignee"]).first() if d["assignee"] else None
        year, week = services.parse_week(d["week"])
        plan = services.plan_week(request.user, requests=chosen, year=year, week=week, assignee=assignee)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="주간 순찰 계획 (순찰 장소와 기록)", responses={200: PlanSerializer, 404: NOT_POLICE}, tags=TAGS
    )
    def get(self, request, pk: int):
        plan = selectors.plans_for(_police(request)).filter(pk=pk).first()
        if plan is None:
            raise Http404
        return Response(PlanSerializer(plan).data)


class SpotLogsView(APIView):
    permission_classes = [IsAuthenticated]

    def _spot(self, request, pk: int) -> PatrolSpot:
        plans = selectors.plans_for(_police(request))
        spot = PatrolSpot.objects.select_related("plan", "request").filter(pk=pk, plan__in=plans).first()
        if spot is None:
            raise Http404
        return spot

    @extend_schema(
        summary="순찰 장소의 순찰 기록", responses={200: LogSerializer(many=True), 404: NOT_POLICE}, tags=TAGS
    )
    def get(self, request, pk: int):
        return Response(LogSerializer(self._spot(request, pk).logs.all(), many=True).data)

    @extend_schema(
        summary="순찰 완료 기록 (그 장소를 신고한 파트너에게 알림)",
        request=NewLogSerializer,
        responses={
            201: LogSerializer,
            400: OpenApiResponse(description="계획 주간 밖의 날짜, 아직 오지 않은 시각"),
            403: OpenApiResponse(description="담당자나 그 부서가 아님"),
            404: NOT_POLICE,
        },
        tags=TAGS,
    )
    def post(self, request, pk: int):
        spot = self._spot(request, pk)
        data = NewLogSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        log = services.log_patrol(request.user, spot, date=d["date"], time=d["time"], notes=d["notes"])
        return Response(LogSerializer(log).data, status=status.HTTP_201_CREATED)
