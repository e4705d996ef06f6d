"""청렴 콜 through the API (/api/v1/callbacks/…): the queue and one case for the 민원 점검관, HQ and
admins; the actions as POSTs; the department's relays and their response. Anyone else, or a wrong
id: 404. Bad input: 400 with the Korean message; a closed case: 409 `case_closed`."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import access

from . import selectors, services
from .models import CallbackCase

TAGS = ["callbacks"]
_ERRORS = {
    400: OpenApiResponse(description="입력 오류 (한국어 메시지)"),
    404: OpenApiResponse(description="없거나 볼 수 없는 건 (민원 점검관·본청·관리자만)"),
    409: OpenApiResponse(description="종결된 건 (case_closed) / 이미 회신함 / 답변 전"),
}


class CallSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    reached = serializers.BooleanField()
    note = serializers.CharField(help_text=_("개인정보는 가려서 저장됩니다"))


class RelaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    suggestion = serializers.IntegerField(source="case.suggestion_id")
    department = serializers.IntegerField(source="department_id")
    request = serializers.CharField()
    requested_at = serializers.DateTimeField()
    response = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    suggestion = serializers.IntegerField(source="suggestion_id")
    title = serializers.SerializerMethodField(help_text=_("제안 제목 (개인정보 가림)"))
    source = serializers.CharField(help_text="low_rating | complaint | overdue | objection")  # type: ignore[assignment]
    source_label = serializers.CharField(source="get_source_display")
    state = serializers.CharField(help_text="open | relayed | answered_back | closed")
    state_label = serializers.CharField(source="get_state_display")
    outcome = serializers.CharField(help_text="resolved | explained | re_review (종결 후)")
    outcome_label = serializers.CharField(source="get_outcome_display")
    rating = serializers.IntegerField(source="rating_id", allow_null=True)
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    opened_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    answer_back = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)

    def get_title(self, obj) -> str:
        from ..text import mask_pii

        return mask_pii(obj.suggestion.title)


class CaseDetailSerializer(CaseSerializer):
    calls = CallSerializer(many=True)
    relays = RelaySerializer(many=True)


class AssignInput(serializers.Serializer):
    assignee = serializers.IntegerField(help_text=_("민원 점검관 사용자 id"))


class CallInput(serializers.Serializer):
    reached = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=4000)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RelayInput(serializers.Serializer):
    request = serializers.CharField(allow_blank=True, max_length=4000, help_text=_("부서에 요청할 내용 (필수)"))


class AnswerBackInput(serializers.Serializer):
    message = serializers.CharField(allow_blank=True, max_length=4000, help_text=_("제안자에게 보낼 회신 (필수)"))


class CloseInput(serializers.Serializer):
    outcome = serializers.CharField(help_text="resolved | explained | re_review")
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=4000)


class RelayResponseInput(serializers.Serializer):
    response = serializers.CharField(allow_blank=True, max_length=4000, help_text=_("회신 내용 (필수)"))


def _detail(principal, pk) -> dict:
    case = selectors.case_for(principal, pk)
    return CaseDetailSerializer(case).data


class CaseListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="청렴 콜 목록 (민원 점검관·본청·관리자)",
        parameters=[
            OpenApiParameter("source", str, description="low_rating | complaint | overdue | objection"),
            OpenApiParameter("state", str, description="open | relayed | answered_back | closed | all"),
            OpenApiParameter("assignee", str, description="사용자 id, me, none"),
            OpenApiParameter("age", str, description="접수 후 N일 이상 (1, 3, 7, 14)"),
        ],
        responses={200: CaseSerializer(many=True), 404: _ERRORS[404]},
        tags=TAGS,
    )
    def get(self, request):
        cases = selectors.queue(access.principal_for(request.user), request.query_params.dict())[:500]
        return Response(CaseSerializer(cases, many=True).data)


class CaseDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="청렴 콜 한 건", responses={200: CaseDetailSerializer, 404: _ERRORS[404]}, tags=TAGS)
    def get(self, request, pk: int):
        return Response(_detail(access.principal_for(request.user), pk))


class CaseActionView(APIView):
    """One POST per action; the input serializer checks shapes, the service decides."""

    permission_classes = [IsAuthenticated]
    input_class: type[serializers.Serializer] = serializers.Serializer

    def run(self, request, case: CallbackCase, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        principal = access.principal_for(request.user)
        case = selectors.case_for(principal, pk)
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        self.run(request, case, data.validated_data)
        return Response(_detail(principal, pk))


def _action_schema(summary: str, input_class):
    return extend_schema(
        summary=summary, request=input_class, responses={200: CaseDetailSerializer, **_ERRORS}, tags=TAGS
    )


class AssignView(CaseActionView):
    input_class = AssignInput

    @_action_schema("배정 (민원 점검관에게; 알림)", AssignInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, request, case, data):
        assignee = get_user_model().objects.filter(pk=data["assignee"]).first()
        services.assign_case(request.user, case, assignee)


class CallView(CaseActionView):
    input_class = CallInput

    @_action_schema("통화 기록 (연결 여부, 내용은 개인정보 가림)", CallInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, request, case, data):
        services.log_call(request.user, case, reached=data["reached"], note=data["note"], at=data["at"])


class RelayView(CaseActionView):
    input_class = RelayInput

    @_action_schema("부서 회신 요청 (담당관·부서장에게 알림)", RelayInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, request, case, data):
        services.relay(request.user, case, data["request"])


class AnswerBackView(CaseActionView):
    input_class = AnswerBackInput

    @_action_schema("제안자에게 회신 (제안 진행 기록 + 알림)", AnswerBackInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, request, case, data):
        services.answer_back(request.user, case, data["message"])


class CloseView(CaseActionView):
    input_class = CloseInput

    @_action_schema("종결 (해결 / 설명 완료 / 재검토 지시: 부서에 새 기한)", CloseInput)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def run(self, request, case, data):
        services.close_case(request.user, case, data["outcome"], data["note"])


class RelayListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="우리 부서가 받은 회신 요청 (담당관·부서장)",
        responses={200: RelaySerializer(many=True), 404: _ERRORS[404]},
        tags=TAGS,
    )
    def get(self, request):
        return Response(RelaySerializer(selectors.relays_for(access.principal_for(request.user))[:500], many=True).data)


class RelayResponseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="회신 요청에 회신 (요청받은 부서의 담당관·부서장)",
        request=RelayResponseInput,
        responses={200: RelaySerializer, **_ERRORS},
        tags=TAGS,
    )
    def post(self, request, pk: int):
        principal = access.principal_for(request.user)
        relay = selectors.relay_for(principal, pk)
        data = RelayResponseInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.respond_relay(request.user, relay, data.validated_data["response"])
        return Response(RelaySerializer(selectors.relay_for(principal, pk)).data)
