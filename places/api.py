"""`GET /api/v1/places/resolve?lat=&lon=`: the 자치구, 법정동 and police station of a pin (the filing
map asks it when a pin is dropped; the server decides the same way when the form is sent)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import boundaries
from .stations import station_for


class ResolveQuery(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90, error_messages={"invalid": _("위도는 숫자여야 합니다.")})
    lon = serializers.FloatField(
        min_value=-180, max_value=180, error_messages={"invalid": _("경도는 숫자여야 합니다.")}
    )


PLACE = inline_serializer(
    "Place",
    {
        "district": serializers.CharField(),
        "dong": serializers.CharField(),
        "code": serializers.CharField(),
        "station": serializers.CharField(allow_null=True),
    },
)


class ResolveView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="지도 위치의 자치구·법정동·관할 경찰서 (서울 밖이면 400)",
        parameters=[OpenApiParameter("lat", float, required=True), OpenApiParameter("lon", float, required=True)],
        responses={200: PLACE},
    )
    def get(self, request: Request) -> Response:
        query = ResolveQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        place = boundaries.resolve(query.validated_data["lat"], query.validated_data["lon"])
        if place is None:
            return Response({"lat": [str(boundaries.OUTSIDE_SEOUL)]}, status=400)
        station = station_for(place.district, place.dong)
        return Response(
            {
                "district": place.district,
                "dong": place.dong,
                "code": place.code,
                "station": station.name if station else None,
            }
        )
