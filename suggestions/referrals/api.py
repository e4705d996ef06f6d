"""POST-CSO through the API (the police): a suggestion's site checks (GET, POST to plan) and their
checklist (POST /api/v1/site-checks/<id>/checklist/), its referrals (GET, POST to refer to a
directory agency), an outcome (POST /api/v1/referrals/<id>/outcome/) and HQ's open referrals
(GET /api/v1/referrals/). Missing and forbidden: the same 404; bad input: 400 in Korean."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import access

from .. import selectors as suggestion_selectors
from . import selectors, services, site_checks
from .forms import OUTCOME_CHOICES
from .models import Agency, AgencyReferral, SiteCheck, SiteCheckItem

_ERRORS = {
    400: OpenApiResponse(description="입력 오류 (한국어 메시지)"),
    404: OpenApiResponse(description="없거나 볼 수 없음"),
    409: OpenApiResponse(description="지금 상태에서는 할 수 없음"),
}


class ChecklistResultSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    item_label = serializers.CharField(source="item.label", read_only=True)
    result = serializers.ChoiceField(choices=SiteCheckItem.Result.choices)
    note = serializers.CharField(allow_blank=True, max_length=300, default="")


class SiteCheckSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    scheduled_for = serializers.DateField()
    due_date = serializers.DateField(allow_null=True)
    assigned_to = serializers.IntegerField(source="assigned_to_id", allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    finding = serializers.CharField(source="result")
    checklist = ChecklistResultSerializer(source="items.all", many=True)
    photos = serializers.SerializerMethodField()

    def get_photos(self, obj) -> list[str]:
        return [p.file.url for p in obj.photos.all()]


class PlanInputSerializer(serializers.Serializer):
    scheduled_for = serializers.DateField()
    due_date = serializers.DateField(required=False, allow_null=True)
    assigned_to = serializers.IntegerField(required=False, allow_null=True, help_text=_("범죄예방 부서 경찰관 id"))


class ChecklistInputSerializer(serializers.Serializer):
    results = ChecklistResultSerializer(many=True)
    finding = serializers.CharField(allow_blank=True, max_length=4000, default="")
    done_on = serializers.DateField(required=False, allow_null=True, help_text=_("비우면 임시 저장"))


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    suggestion = serializers.IntegerField(source="suggestion_id")
    agency = serializers.CharField()
    agency_id = serializers.IntegerField(source="directory_id", allow_null=True)
    referred_on = serializers.DateField()
    reply_due = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=AgencyReferral.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    reply = serializers.CharField()
    reason = serializers.CharField()


class ReferInputSerializer(serializers.Serializer):
    agency = serializers.IntegerField(help_text=_("관계기관 id (관계기관 목록)"))
    business_days = serializers.IntegerField(required=False, min_value=1, max_value=60)
    note = serializers.CharField(allow_blank=True, max_length=2000, default="")


class OutcomeInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OUTCOME_CHOICES)
    note = serializers.CharField(allow_blank=True, max_length=2000, default="")
    reason = serializers.CharField(allow_blank=True, max_length=2000, default="", help_text=_("조치 불가일 때 필수"))


def _handled(request, pk: int):
    principal = access.principal_for(request.user)
    s = suggestion_selectors.access_inbox_suggestion_by_id(principal, pk)
    if not access.can_view_site_work(principal, s):
        raise Http404
    return s


def _checks(s, **filters) -> list[SiteCheck]:
    return list(SiteCheck.objects.filter(suggestion=s, **filters).prefetch_related("items__item", "photos"))


class SiteChecksView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="현장 진단 목록", responses={200: SiteCheckSerializer(many=True), 404: _ERRORS[404]}, tags=["referrals"]
    )
    def get(self, request, pk: int):
        return Response(SiteCheckSerializer(_checks(_handled(request, pk)), many=True).data)

    @extend_schema(
        summary="현장 진단 일정 (범죄예방 담당 배정)",
        request=PlanInputSerializer,
        responses={201: SiteCheckSerializer, **_ERRORS},
        tags=["referrals"],
    )
    def post(self, request, pk: int):
        s = _handled(request, pk)
        data = PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = get_user_model().objects.filter(pk=v["assigned_to"]).first() if v.get("assigned_to") else None
        if v.get("assigned_to") and user is None:
            raise serializers.ValidationError(
                {"assigned_to": [_("범죄예방 담당 부서의 경찰관에게만 배정할 수 있습니다.")]}
            )
        check = site_checks.plan_site_check(
            request.user, s, scheduled_for=v["scheduled_for"], assigned_to=user, due_date=v.get("due_date")
        )
        return Response(SiteCheckSerializer(check).data, status=status.HTTP_201_CREATED)


class ChecklistView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="CPTED 점검표·소견 기록",
        request=ChecklistInputSerializer,
        responses={200: SiteCheckSerializer, **_ERRORS},
        tags=["referrals"],
    )
    def post(self, request, pk: int):
        principal = access.principal_for(request.user)
        check = SiteCheck.objects.select_related("suggestion").filter(pk=pk).first()
        if check is None or not access.can_record_site_check(principal, check):
            raise Http404
        data = ChecklistInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        results = {r["item_id"]: (r["result"], r["note"]) for r in v["results"]}
        site_checks.record_checklist(
            request.user, check, results=results, finding=v["finding"], done_on=v.get("done_on")
        )
        return Response(SiteCheckSerializer(_checks(check.suggestion, pk=check.pk)[0]).data)


class SuggestionReferralsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="관계기관 통보 목록",
        responses={200: ReferralSerializer(many=True), 404: _ERRORS[404]},
        tags=["referrals"],
    )
    def get(self, request, pk: int):
        return Response(ReferralSerializer(_handled(request, pk).referrals.all(), many=True).data)

    @extend_schema(
        summary="관계기관 통보 (담당자에게 회신 링크 이메일)",
        request=ReferInputSerializer,
        responses={201: ReferralSerializer, **_ERRORS},
        tags=["referrals"],
    )
    def post(self, request, pk: int):
        s = _handled(request, pk)
        data = ReferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        agency = Agency.objects.filter(pk=v["agency"]).first()
        if agency is None:
            raise serializers.ValidationError({"agency": [_("관계기관 목록에 없는 기관입니다.")]})
        r = services.refer(request.user, s, agency=agency, business_days=v.get("business_days"), note=v["note"])
        return Response(ReferralSerializer(r).data, status=status.HTTP_201_CREATED)


class OutcomeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="관계기관 조치 상태 기록 (접수/조치 중/조치 완료/조치 불가)",
        request=OutcomeInputSerializer,
        responses={200: ReferralSerializer, **_ERRORS},
        tags=["referrals"],
    )
    def post(self, request, pk: int):
        principal = access.principal_for(request.user)
        r = suggestion_selectors.access_referral_by_id(principal, pk)
        data = OutcomeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(ReferralSerializer(services.record_outcome(request.user, r, **data.validated_data)).data)


class OpenReferralsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="종결되지 않은 관계기관 통보 (본청)",
        responses={200: ReferralSerializer(many=True), 404: _ERRORS[404]},
        tags=["referrals"],
    )
    def get(self, request):
        if not access.can_view_open_referrals(access.principal_for(request.user)):
            raise Http404
        rows = [row.referral for rows in selectors.open_referrals().values() for row in rows]
        return Response(ReferralSerializer(rows, many=True).data)
