"""REST API for suggestions (DRF; documented at /api/v1/schema/). Thin: selectors read, services write.

Visibility rules are the site's: a suggestion the caller may not see is a 404, exactly like a
missing one; personal data is masked for non-police. Services raise plain refusals and
`core.api.exception_handler` answers them: workflow refusals 409 (translated `detail`), bad input 400,
a visible suggestion the caller may not act on 403.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from partners import access
from partners.models import Department, Field, PartnerGroup

from . import filters, selectors, services
from .districts import DISTRICT_CHOICES
from .models import Answer, Suggestion

# --- serializers ----------------------------------------------------------------------------------


class PublishedAnswerSerializer(serializers.ModelSerializer):
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)
    body = serializers.SerializerMethodField()
    department = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Answer
        fields = ["id", "version", "decision", "decision_label", "body", "department", "published_at", "state"]

    def get_body(self, obj) -> str:
        return str(selectors.shown_html(obj.body, self.context["principal"]))


class AnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Answer
        fields = [
            "id",
            "suggestion",
            "version",
            "decision",
            "body",
            "state",
            "correction_reason",
            "return_comment",
            "submitted_at",
            "published_at",
            "approver",
            "on_behalf_of",
            "step",
            "step_label",
            "step_role",
            "step_approver",
            "approvals",
        ]
        read_only_fields = fields


class SuggestionSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    field: serializers.SlugRelatedField[Field] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=False
    )
    # A response key named like Field.field_name (the stubs type that attribute; DRF's metaclass does not care).
    field_name = serializers.CharField(source="field.name", read_only=True)  # type: ignore[assignment]
    group: serializers.SlugRelatedField[PartnerGroup] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    department: serializers.SlugRelatedField[Department] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    answer = serializers.SerializerMethodField()
    # The pin for the police; a ~150 m grid cell's centre for anyone else (selectors.shown_location).
    lat = serializers.SerializerMethodField()
    lon = serializers.SerializerMethodField()
    station = serializers.CharField(source="station.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "ref",
            "kind",
            "title",
            "body",
            "field",
            "field_name",
            "group",
            "visibility",
            "status",
            "status_label",
            "department",
            "due_date",
            "district",
            "dong",
            "station",
            "address",
            "lat",
            "lon",
            "location_approximate",
            "time_band",
            "risk_type",
            "support_count",
            "merged_into",
            "created_at",
            "answered_at",
            "answer",
        ]
        read_only_fields = fields

    def _p(self) -> access.Principal:
        return self.context["principal"]

    def get_title(self, obj) -> str:
        return selectors.shown_text(obj.title, self._p())

    def get_body(self, obj) -> str:
        return str(selectors.shown_html(obj.body, self._p()))

    def get_address(self, obj) -> str:
        return selectors.shown_text(obj.address, self._p())

    def get_lat(self, obj) -> float | None:
        point = selectors.shown_location(obj, self._p())
        return point[0] if point else None

    def get_lon(self, obj) -> float | None:
        point = selectors.shown_location(obj, self._p())
        return point[1] if point else None

    @extend_schema_field(PublishedAnswerSerializer(allow_null=True))
    def get_answer(self, obj) -> dict | None:
        published = selectors.published_answer(obj)  # the list's prefetch when there is one (get_queryset)
        return PublishedAnswerSerializer(published, context=self.context).data if published else None


class SuggestionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Suggestion.Kind.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    field = serializers.SlugRelatedField(slug_field="slug", queryset=Field.objects.all())
    group = serializers.SlugRelatedField(slug_field="slug", queryset=PartnerGroup.objects.all(), required=False)
    visibility = serializers.ChoiceField(choices=Suggestion.Visibility.choices, default="partners")
    announcement = serializers.IntegerField(required=False, allow_null=True)
    district = serializers.ChoiceField(choices=DISTRICT_CHOICES, required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True, max_length=200)
    lat = serializers.FloatField(required=False, allow_null=True)
    lon = serializers.FloatField(required=False, allow_null=True)
    time_band = serializers.CharField(required=False, allow_blank=True, max_length=11)
    risk_type = serializers.ChoiceField(choices=Suggestion.RiskType.choices, required=False, allow_blank=True)


class RouteSerializer(serializers.Serializer):
    department = serializers.SlugRelatedField(slug_field="slug", queryset=Department.objects.filter(is_active=True))
    reason = serializers.CharField(required=False, allow_blank=True)


class AnswerDraftSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Answer.Decision.choices)
    body = serializers.CharField()
    correction_reason = serializers.CharField(required=False, allow_blank=True)
    answer = serializers.IntegerField(required=False, help_text=_("기존 초안(작성 중·반려) 번호: 고칠 때"))


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField()


class ReassignApprovalSerializer(serializers.Serializer):
    to_user = serializers.IntegerField(help_text=_("새 결재자 (답변 부서의 경찰 직원) 사용자 번호"))
    reason = serializers.CharField(help_text=_("결재자를 바꾸는 사유"))


class RatingSerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True)
    is_complaint = serializers.BooleanField(required=False, default=False, help_text=_("민원으로 접수"))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class ExtendSerializer(serializers.Serializer):
    new_due_date = serializers.DateField()
    reason = serializers.CharField()


class ExtensionDecisionSerializer(serializers.Serializer):
    extension = serializers.IntegerField()
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransferRequestSerializer(serializers.Serializer):
    reason = serializers.CharField()
    to_department = serializers.SlugRelatedField(
        slug_field="slug", queryset=Department.objects.filter(is_active=True), required=False, allow_null=True
    )


class ImplementSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, help_text="변경 내용 (없으면 note)")
    implemented_on = serializers.DateField(required=False, allow_null=True, help_text="반영일 (없으면 오늘)")
    note = serializers.CharField(required=False, allow_blank=True)
    announcement = serializers.IntegerField(required=False, allow_null=True)


# --- views ----------------------------------------------------------------------------------------

LIST_PARAMS = [
    OpenApiParameter("status", str, description="상태 (submitted, received, assigned, under_review, …)"),
    OpenApiParameter("kind", str, description="proposal | field_report"),
    OpenApiParameter("field", str, description="분야 slug"),
    OpenApiParameter("group", str, description="단체 slug"),
    OpenApiParameter("district", str, description="자치구"),
    OpenApiParameter("station", str, description="관할 경찰서 (예: 강북경찰서)"),
    OpenApiParameter("due", str, description="overdue | soon | YYYY-MM-DD"),
    OpenApiParameter("mine", bool, description="내 제안만"),
]


@extend_schema_view(
    list=extend_schema(summary="제안 목록 (공개 범위 규칙 적용)", parameters=LIST_PARAMS),
    retrieve=extend_schema(summary="제안 하나 (볼 수 없으면 404)"),
)
class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SuggestionSerializer
    queryset = Suggestion.objects.none()
    lookup_value_regex = r"\d+"  # a non-numeric id is a 404, not a 500
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.ApiFilter

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return [IsAuthenticated()]

    @property
    def principal(self) -> access.Principal:
        return access.principal_for(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "principal": self.principal}

    def get_queryset(self):
        return selectors.with_published_answers(selectors.visible_suggestions(self.principal))

    def get_serializer(self, *args, **kwargs):
        """Every suggestion this viewset serializes; originals shown to police are audited."""
        if args and args[0] is not None:
            shown = args[0] if kwargs.get("many") else [args[0]]
            services.record_originals_shown(self.request.user, self.principal, shown, where=f"api.{self.action}")
        return super().get_serializer(*args, **kwargs)

    def get_object(self) -> Suggestion:
        return selectors.access_suggestion_by_id(self.principal, self.kwargs["pk"])

    @extend_schema(
        summary="제안하기 (접수·자동 배정)", request=SuggestionCreateSerializer, responses={201: SuggestionSerializer}
    )
    def create(self, request):
        data = SuggestionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        announcement = selectors.proposal_announcement(self.principal, d.pop("announcement", None))
        s = services.file_suggestion(request.user, announcement=announcement, **d)
        return Response(self.get_serializer(selectors.prepare(s, self.principal)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="배정·재배정 (본청)", request=RouteSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        s = self.get_object()
        data = RouteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        s = services.reassign(request.user, s, data.validated_data["department"], data.validated_data.get("reason", ""))
        return Response(self.get_serializer(selectors.prepare(s, self.principal)).data)

    @extend_schema(summary="공감 (POST) / 공감 취소 (DELETE)", request=None, responses=SuggestionSerializer)
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, pk=None):
        s = self.get_object()
        if request.method == "DELETE":
            services.unsupport(request.user, s)
        else:
            services.support(request.user, s)
        s.refresh_from_db()
        return Response(self.get_serializer(selectors.prepare(s, self.principal)).data)

    @extend_schema(
        summary="만족도 평가 (작성자, 게시된 답변 버전마다 한 번)",
        request=RatingSerializer,
        responses={201: RatingSerializer},
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        s = self.get_object()
        data = RatingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        rating = services.rate(request.user, s, v["score"], v.get("comment", ""), is_complaint=v["is_complaint"])
        comment = selectors.shown_text(rating.comment, self.principal)
        return Response(
            {"score": rating.score, "comment": comment, "is_complaint": rating.is_complaint},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(summary="철회 (작성자, 답변 전)", request=ReasonSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        s = self.get_object()
        s = services.withdraw(request.user, s, request.data.get("reason", ""))
        return Response(self.get_serializer(selectors.prepare(s, self.principal)).data)

    def _validated(self, serializer_class):
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data

    def _shown(self, s: Suggestion) -> Response:
        s.refresh_from_db()
        return Response(self.get_serializer(selectors.prepare(s, self.principal)).data)

    @extend_schema(
        summary="보완 요청 (담당 부서; 기한 정지)", request=MessageSerializer, responses=SuggestionSerializer
    )
    @action(detail=True, methods=["post"], url_path="supplement-request")
    def supplement_request(self, request, pk=None):
        s = self.get_object()
        services.request_supplement(request.user, s, self._validated(MessageSerializer)["message"])
        return self._shown(s)

    @extend_schema(summary="보완 제출 (작성자; 기한 재개)", request=MessageSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def supplement(self, request, pk=None):
        s = self.get_object()
        services.submit_supplement(request.user, s, self._validated(MessageSerializer)["message"])
        return self._shown(s)

    @extend_schema(
        summary="처리 기한 연장 요청 (담당 부서; 1회, 원래 기간 이내, 부서장 결재)",
        request=ExtendSerializer,
        responses={201: None},
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        s = self.get_object()
        d = self._validated(ExtendSerializer)
        x = services.request_extension(request.user, s, d["new_due_date"], d["reason"])
        return Response({"id": x.pk, "state": x.state}, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="처리 기한 연장 결재 (부서장: 승인 또는 반려)",
        request=ExtensionDecisionSerializer,
        responses=SuggestionSerializer,
    )
    @action(detail=True, methods=["post"], url_path="extension-decision")
    def extension_decision(self, request, pk=None):
        s = self.get_object()
        d = self._validated(ExtensionDecisionSerializer)
        x = selectors.access_extension_by_id(self.principal, d["extension"], suggestion=s)
        services.decide_extension(request.user, x, approve=d["approve"], note=d["note"])
        return self._shown(s)

    @extend_schema(
        summary="처리 지연 사유 (담당 부서; 작성자에게 보임)", request=MessageSerializer, responses=SuggestionSerializer
    )
    @action(detail=True, methods=["post"], url_path="delay-reason")
    def delay_reason(self, request, pk=None):
        s = self.get_object()
        services.record_delay_reason(request.user, s, self._validated(MessageSerializer)["message"])
        return self._shown(s)

    @extend_schema(summary="진행 상황 문의 (작성자; 안내 알림)", request=None, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"], url_path="progress-inquiry")
    def progress_inquiry(self, request, pk=None):
        s = self.get_object()
        services.ask_progress(request.user, s)
        return self._shown(s)

    @extend_schema(summary="이송 요청 (담당 부서 → 본청)", request=TransferRequestSerializer, responses={201: None})
    @action(detail=True, methods=["post"], url_path="transfer-request")
    def transfer_request(self, request, pk=None):
        s = self.get_object()
        d = self._validated(TransferRequestSerializer)
        t = services.request_transfer(request.user, s, d["reason"], d.get("to_department"))
        return Response({"id": t.pk, "state": t.state}, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="반영 완료 (변경 내용·반영일, 선택: 관련 공지)",
        request=ImplementSerializer,
        responses=SuggestionSerializer,
    )
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        s = self.get_object()
        d = self._validated(ImplementSerializer)
        page = None
        if d.get("announcement"):
            from wagtail.models import Page

            page = Page.objects.filter(pk=d["announcement"]).first()
        services.mark_implemented(
            request.user,
            s,
            summary=d.get("summary", ""),
            implemented_on=d.get("implemented_on"),
            announcement=page,
            note=d.get("note", ""),
        )
        return self._shown(s)

    @extend_schema(
        summary="답변 초안 저장 (담당 부서)", request=AnswerDraftSerializer, responses={201: AnswerSerializer}
    )
    @action(detail=True, methods=["post"], url_path="answers")
    def answers(self, request, pk=None):
        s = self.get_object()
        data = AnswerDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        existing = s.answers.filter(pk=d["answer"]).first() if d.get("answer") else None
        a = services.save_answer_draft(
            request.user,
            s,
            decision=d["decision"],
            body=d["body"],
            answer=existing,
            correction_reason=d.get("correction_reason", ""),
        )
        return Response(AnswerSerializer(a).data, status=status.HTTP_201_CREATED)


class AnswerViewSet(viewsets.GenericViewSet):
    """Answer workflow: submit (officer) → approve or return (department head)."""

    serializer_class = AnswerSerializer
    queryset = Answer.objects.none()
    lookup_value_regex = r"\d+"  # a non-numeric id is a 404, not a 500

    def get_object(self) -> Answer:
        return selectors.access_answer_by_id(access.principal_for(self.request.user), self.kwargs["pk"])

    @extend_schema(summary="답변 보기 (담당 부서)", responses=AnswerSerializer)
    def retrieve(self, request, pk=None):
        return Response(AnswerSerializer(self.get_object()).data)

    @extend_schema(summary="결재 요청 (상신)", request=None, responses=AnswerSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return Response(AnswerSerializer(services.submit_answer(request.user, self.get_object())).data)

    @extend_schema(
        summary="결재 — 현재 단계의 결재권자 (부서장, 대결 기간의 대결자, 결재선의 팀장·지정 결재자)",
        description="마지막 단계의 결재가 답변을 게시합니다. 대결자의 결재는 on_behalf_of에 부서장이 기록됩니다.",
        request=None,
        responses=AnswerSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return Response(AnswerSerializer(services.approve_answer(request.user, self.get_object())).data)

    @extend_schema(summary="반려 — 현재 단계의 결재권자", request=ReturnSerializer, responses=AnswerSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        a = services.return_answer(request.user, self.get_object(), data.validated_data["comment"])
        return Response(AnswerSerializer(a).data)

    @extend_schema(
        summary="결재자 바꾸기 — 본청·관리자 (멈춘 결재)",
        request=ReassignApprovalSerializer,
        responses=AnswerSerializer,
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        data = ReassignApprovalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        to_user = get_user_model().objects.filter(pk=data.validated_data["to_user"]).first()
        a = services.reassign_approval(request.user, self.get_object(), to_user, data.validated_data["reason"])
        return Response(AnswerSerializer(a).data)
