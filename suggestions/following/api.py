"""API of 팔로우·대화·반영 under /api/v1/:

- GET/POST suggestions/<id>/messages/ — the private thread (author, department; HQ/admin read);
- POST/DELETE suggestions/<id>/follow/ — 팔로우 / 알림 끄기;
- GET implemented/ — the 반영된 제안 list (anonymous: public proposals only).
A suggestion the caller may not see, or a thread they may not read, is the same 404."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import access

from .. import selectors as suggestion_selectors
from . import selectors, services


class ThreadMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    from_police = serializers.BooleanField(read_only=True, help_text="담당 부서 쪽 글인지 (아니면 작성자의 글)")
    department = serializers.CharField(source="department.name", read_only=True, default="")
    body = serializers.CharField(source="shown_body", read_only=True, help_text="비경찰에게는 개인정보 가림")
    created_at = serializers.DateTimeField(read_only=True)


class ThreadMessageInSerializer(serializers.Serializer):
    # Length and emptiness are checked by the service (one Korean message for page and API).
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class ImplementedSerializer(serializers.Serializer):
    suggestion = serializers.IntegerField(source="suggestion_id")
    title = serializers.CharField(source="shown_title")
    summary = serializers.CharField(source="shown_summary")
    implemented_on = serializers.DateField()
    department = serializers.CharField(source="department.name")
    announcement_url = serializers.SerializerMethodField()

    def get_announcement_url(self, row) -> str | None:
        page = row.announcement
        return page.url if page is not None and page.live else None


class ImplementedPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = ImplementedSerializer(many=True)


def _thread_suggestion(request, pk):
    principal = access.principal_for(request.user)
    s = suggestion_selectors.access_suggestion_by_id(principal, pk)
    if not access.can_read_thread(principal, s):
        raise Http404(gettext("제안을 찾을 수 없습니다."))
    return principal, s


class MessagesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="제안 비공개 대화 목록 (작성자·담당 부서, 본청·관리자 읽기)",
        responses={200: ThreadMessageSerializer(many=True), 404: OpenApiResponse(description="없거나 볼 수 없음")},
        tags=["suggestions"],
    )
    def get(self, request, pk: int):
        principal, s = _thread_suggestion(request, pk)
        return Response(ThreadMessageSerializer(selectors.thread(s, principal), many=True).data)

    @extend_schema(
        summary="제안 비공개 대화에 글 쓰기 (상대에게 알림)",
        request=ThreadMessageInSerializer,
        responses={
            201: ThreadMessageSerializer,
            400: OpenApiResponse(description="내용 없음·너무 긺"),
            403: OpenApiResponse(description="쓸 수 없음 (본청·관리자는 읽기만)"),
            404: OpenApiResponse(description="없거나 볼 수 없음"),
            409: OpenApiResponse(description="철회·병합되었거나 담당 부서 없음"),
        },
        tags=["suggestions"],
    )
    def post(self, request, pk: int):
        principal, s = _thread_suggestion(request, pk)
        data = ThreadMessageInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        msg = services.post_message(request.user, s, data.validated_data["body"])
        shown = next(m for m in selectors.thread(s, principal) if m.pk == msg.pk)
        return Response(ThreadMessageSerializer(shown).data, status=status.HTTP_201_CREATED)


class FollowView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="팔로우 (답변·정정·반영 알림)",
        request=None,
        responses={200: FollowSerializer, 403: OpenApiResponse(description="파트너 회원만, 자신의 제안 제외")},
        tags=["suggestions"],
    )
    def post(self, request, pk: int):
        s = suggestion_selectors.access_suggestion_by_id(access.principal_for(request.user), pk)
        services.follow(request.user, s)
        return Response({"following": True})

    @extend_schema(summary="알림 끄기 (팔로우 해제; 공감은 그대로)", request=None, responses={200: FollowSerializer})
    def delete(self, request, pk: int):
        s = suggestion_selectors.access_suggestion_by_id(access.principal_for(request.user), pk)
        services.unfollow(request.user, s)
        return Response({"following": False})


class ImplementedView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="반영된 제안 (익명: 전체 공개 제안만, 개인정보 가림)",
        parameters=[OpenApiParameter("page", int, description="쪽 (20건씩)")],
        responses=ImplementedPageSerializer,
        tags=["suggestions"],
    )
    def get(self, request):
        page = selectors.implemented_page(access.principal_for(request.user), request.query_params.get("page"))
        body = {
            "count": page.paginator.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "results": list(page.object_list),
        }
        return Response(ImplementedPageSerializer(body).data)
