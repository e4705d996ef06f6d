"""HQ search API (token-authenticated, HQ analysts/admins): topic search, themes, similar suggestions,
policy announcements."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.access import principal_for
from suggestions.models import Suggestion
from suggestions.selectors import access_suggestion_by_id

from .client import SEARCH_UNAVAILABLE
from .params import ParamError, SearchParams
from .similar import similar_suggestions
from .themes import themes
from .topics import search_announcements, search_suggestions


class SearchUnavailable(APIException):
    status_code = 503
    default_detail = _("검색 서버(Elasticsearch)에 연결할 수 없습니다. 잠시 후 다시 시도하세요.")
    default_code = "search_unavailable"


class SearchAPIView(APIView):
    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        if isinstance(exc, SEARCH_UNAVAILABLE):
            exc = SearchUnavailable()
        return super().handle_exception(exc)


class IsHQ(BasePermission):
    message = _("본청 분석 담당(HQ) 권한이 필요합니다.")

    def has_permission(self, request, view) -> bool:
        return principal_for(request.user).can_view_hq


def _bad_request(exc: ParamError) -> Response:
    return Response({"errors": exc.errors}, status=400)


P = OpenApiParameter
FILTER_PARAMS = [
    P("field", str, description="분야 이름 (예: 교통)"),
    P("kind", str, enum=Suggestion.Kind.values),
    P("status", str, description="상태 (submitted, received, answered …)"),
    P("department", str, description="담당 부서 이름"),
    P("group", str, description="단체 이름"),
    P("district", str, description="자치구 (예: 강남구)"),
    P("station", str, description="관할 경찰서 (예: 강남경찰서)"),
    P("date_from", OpenApiTypes.DATE, description="YYYY-MM-DD (포함)"),
    P("date_to", OpenApiTypes.DATE, description="YYYY-MM-DD (포함)"),
]
FACET_BUCKET = inline_serializer("FacetBucket", {"key": serializers.CharField(), "count": serializers.IntegerField()})


class SearchSuggestionsView(SearchAPIView):
    permission_classes = [IsAuthenticated, IsHQ]

    @extend_schema(
        operation_id="search_suggestions",
        summary="주제 검색 (HQ)",
        description=(
            "형태소 분석(kiwipiepy)과 동의어 확장을 거친 전문 검색. 결과·패싯은 요청자가 볼 수 있는 제안으로 "
            "제한됩니다. 각 패싯의 건수는 그 패싯 자신의 필터를 뺀 나머지 조건으로 계산합니다."
        ),
        parameters=[
            P("q", str, description="검색어 (예: 가로등이 고장, 몰카)"),
            *FILTER_PARAMS,
            P("sort", str, enum=["relevance", "date", "supports"]),
            P("page", int, description="1부터"),
            P("size", int, description="1–100 (기본 20)"),
        ],
        responses={
            200: inline_serializer(
                "SearchSuggestionsResponse",
                {
                    "count": serializers.IntegerField(),
                    "page": serializers.IntegerField(),
                    "size": serializers.IntegerField(),
                    "results": inline_serializer(
                        "SearchHit",
                        {
                            "id": serializers.IntegerField(),
                            "ref": serializers.CharField(allow_blank=True),
                            "title": serializers.CharField(),
                            "snippet": serializers.CharField(),
                            "highlight": serializers.CharField(help_text="escaped HTML with <mark>"),
                            "score": serializers.FloatField(allow_null=True),
                            "kind": serializers.CharField(),
                            "status": serializers.CharField(),
                            "field": serializers.CharField(),
                            "department": serializers.CharField(allow_null=True),
                            "group": serializers.CharField(),
                            "district": serializers.CharField(allow_null=True),
                            "created": serializers.DateTimeField(),
                            "supports": serializers.IntegerField(),
                            "url": serializers.CharField(),
                        },
                        many=True,
                    ),
                    "facets": serializers.DictField(child=FACET_BUCKET),
                },
            ),
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        try:
            params = SearchParams.from_query(request.query_params)
        except ParamError as exc:
            return _bad_request(exc)
        result = search_suggestions(principal_for(request.user), params)
        keys = ("id", "ref", "title", "snippet", "score", "kind", "status", "field", "department", "group",
                "district", "created", "supports", "url")  # fmt: skip
        return Response(
            {
                "count": result.count,
                "page": result.page,
                "size": result.size,
                "results": [
                    {**{k: r.get(k) for k in keys}, "highlight": str(r["snippet_html"])} for r in result.results
                ],
                "facets": {
                    name: [{"key": v["key"], "count": v["count"]} for v in values]
                    for name, values in result.facets.items()
                },
            }
        )


THEME_KINDS = ("recurring", "rising", "new")  # named ThemeKindEnum in the schema (SPECTACULAR_SETTINGS)

THEME = inline_serializer(
    "Theme",
    {
        "key": serializers.CharField(),
        "label": serializers.CharField(),
        "terms": serializers.ListField(child=serializers.CharField()),
        "kind": serializers.ChoiceField(choices=THEME_KINDS),
        "count": serializers.IntegerField(),
        "groups": serializers.IntegerField(),
        "members": serializers.ListField(child=serializers.DictField()),
        "months": serializers.ListField(child=serializers.DictField()),
        "score": serializers.FloatField(),
    },
    many=True,
)


class ThemesView(SearchAPIView):
    permission_classes = [IsAuthenticated, IsHQ]

    @extend_schema(
        operation_id="search_themes",
        summary="주제 (제안 군집) · 급증 주제 (HQ)",
        description=(
            "기간(및 분야·검색어) 안의 제안을 의미(문장 임베딩)와 핵심어로 묶은 주제. themes: 중요도 순, "
            "rising: 직전 기간(기간 길이의 2배) 대비 급증하고 2개 이상 단체가 올린 주제, 급증 정도 순. "
            "key는 재군집 뒤에도 유지되며 HQ의 이름 바꾸기·합치기·나누기·숨김이 적용됩니다."
        ),
        parameters=[
            P("date_from", OpenApiTypes.DATE),
            P("date_to", OpenApiTypes.DATE),
            P("field", str),
            P("q", str),
            P("size", int, description="1–50 (기본 15)"),
        ],
        responses={
            200: inline_serializer(
                "ThemesResponse",
                {
                    "date_from": serializers.DateField(),
                    "date_to": serializers.DateField(),
                    "themes": THEME,
                    "rising": THEME,
                },
            ),
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        allowed = {k: request.query_params.get(k, "") for k in ("date_from", "date_to", "field", "q", "size")}
        try:
            params = SearchParams.from_query(allowed, default_size=15, max_size=50)
        except ParamError as exc:
            return _bad_request(exc)
        return Response(themes(principal_for(request.user), params, size=params.size))


class SimilarView(SearchAPIView):
    permission_classes = [IsAuthenticated, IsHQ]

    @extend_schema(
        operation_id="suggestion_similar",
        summary="비슷한 제안 (more_like_this, HQ)",
        parameters=[P("size", int, description="1–50 (기본 10)")],
        responses={
            200: inline_serializer(
                "SimilarResponse",
                {
                    "results": inline_serializer(
                        "SimilarHit",
                        {
                            "id": serializers.IntegerField(),
                            "ref": serializers.CharField(allow_blank=True),
                            "title": serializers.CharField(),
                            "status": serializers.CharField(),
                            "score": serializers.FloatField(),
                            "url": serializers.CharField(),
                        },
                        many=True,
                    )
                },
            ),
            400: OpenApiTypes.OBJECT,
            404: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request, pk: int):
        try:
            params = SearchParams.from_query({"size": request.query_params.get("size", "")}, 10, 50)
        except ParamError as exc:
            return _bad_request(exc)
        principal = principal_for(request.user)
        access_suggestion_by_id(principal, pk)  # missing and forbidden: the same 404
        results = similar_suggestions(principal, pk, size=params.size)
        keys = ("id", "ref", "title", "status", "score", "url")
        return Response({"results": [{k: r.get(k) for k in keys} for r in results]})


class SearchAnnouncementsView(SearchAPIView):
    permission_classes = [IsAuthenticated, IsHQ]

    @extend_schema(
        operation_id="search_announcements",
        summary="정책 공지 검색 (HQ)",
        description="제안과 같은 형태소 분석·동의어로 정책 공지를 찾습니다. 요청자가 볼 수 있는 공지만.",
        parameters=[P("q", str, description="검색어"), P("size", int, description="1–50 (기본 10)")],
        responses={
            200: inline_serializer(
                "SearchAnnouncementsResponse",
                {
                    "results": inline_serializer(
                        "AnnouncementHit",
                        {
                            "id": serializers.IntegerField(),
                            "title": serializers.CharField(),
                            "summary": serializers.CharField(),
                            "url": serializers.CharField(),
                            "created": serializers.DateTimeField(allow_null=True),
                            "score": serializers.FloatField(allow_null=True),
                        },
                        many=True,
                    )
                },
            ),
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        allowed = {k: request.query_params.get(k, "") for k in ("q", "size")}
        try:
            params = SearchParams.from_query(allowed, default_size=10, max_size=50)
        except ParamError as exc:
            return _bad_request(exc)
        results = search_announcements(principal_for(request.user), params.q, size=params.size)
        keys = ("id", "title", "summary", "url", "created", "score")
        return Response({"results": [{k: r.get(k) for k in keys} for r in results]})
