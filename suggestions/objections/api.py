"""이의신청 through the API: POST /api/v1/suggestions/<id>/objection/ (the proposer files), GET the same
path (the proposer and the department read), POST /api/v1/objections/<id>/response/ (the department
answers). Not the proposer, or a proposal the caller may not see: 404; a second objection on the
same answer version: 409 `already_objected`; an empty reason: 400 with the Korean message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import access

from .. import selectors as suggestion_selectors
from . import selectors, services
from .models import Objection


class ObjectionInputSerializer(serializers.Serializer):
    # Blank allowed here: the service answers an empty reason with its own Korean message (400).
    reason = serializers.CharField(allow_blank=True, max_length=4000, help_text=_("이의신청 사유 (필수)"))


class ObjectionResponseInputSerializer(serializers.Serializer):
    response = serializers.CharField(allow_blank=True, max_length=4000, help_text=_("이의신청에 대한 답변 (필수)"))


class ObjectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    suggestion = serializers.IntegerField(source="suggestion_id")
    answer_version = serializers.IntegerField(source="answer.version")
    state = serializers.ChoiceField(choices=Objection.State.choices)
    state_label = serializers.CharField(source="get_state_display")
    reason = serializers.CharField(source="shown_reason", help_text=_("개인정보는 가려서 보입니다"))
    due_date = serializers.DateField()
    response = serializers.CharField(source="shown_response")
    created_at = serializers.DateTimeField()
    responded_at = serializers.DateTimeField(allow_null=True)


_ERRORS = {
    400: OpenApiResponse(description="사유·답변이 비어 있거나 너무 김"),
    404: OpenApiResponse(description="없거나 볼 수 없는 제안, 또는 작성자(담당 부서)가 아님"),
    409: OpenApiResponse(description="이미 이의신청함 (already_objected) / 답변 전 / 이미 답변함"),
}


class SuggestionObjectionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="이의신청 목록 (작성자와 담당 부서)",
        responses={200: ObjectionSerializer(many=True), 404: _ERRORS[404]},
        tags=["suggestions"],
    )
    def get(self, request, pk: int):
        principal = access.principal_for(request.user)
        s = suggestion_selectors.access_suggestion_by_id(principal, pk)
        return Response(ObjectionSerializer(selectors.for_suggestion(principal, s), many=True).data)

    @extend_schema(
        summary="이의신청 (작성자, 게시된 답변 버전마다 한 번; 처리 기한 14근무일)",
        request=ObjectionInputSerializer,
        responses={201: ObjectionSerializer, **_ERRORS},
        tags=["suggestions"],
    )
    def post(self, request, pk: int):
        principal = access.principal_for(request.user)
        s = suggestion_selectors.access_suggestion_by_id(principal, pk)
        data = ObjectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        obj = services.file_objection(request.user, s, data.validated_data["reason"])
        shown = selectors.for_suggestion(principal, s)
        return Response(
            ObjectionSerializer(next(o for o in shown if o.pk == obj.pk)).data, status=status.HTTP_201_CREATED
        )


class ObjectionResponseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="이의신청 답변 (담당 부서; 작성자에게 알림)",
        request=ObjectionResponseInputSerializer,
        responses={200: ObjectionSerializer, **_ERRORS},
        tags=["suggestions"],
    )
    def post(self, request, pk: int):
        obj = selectors.access_objection_by_id(access.principal_for(request.user), pk)
        data = ObjectionResponseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.respond_objection(request.user, obj, data.validated_data["response"])
        return Response(
            ObjectionSerializer(selectors.access_objection_by_id(access.principal_for(request.user), pk)).data
        )
