"""The simplified boundary GeoJSON the maps draw (site/static/geo/, built by `build_boundaries`)."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from . import boundaries

# ~15 m: invisible at city zoom, keeps the 법정동 file small. Coordinates on a 1e-5° (~1 m) grid.
TOLERANCE = 0.00015
PRECISION = 1e-5


def simplified(geometry: BaseGeometry, tolerance: float = TOLERANCE) -> BaseGeometry:
    return shapely.set_precision(geometry.simplify(tolerance, preserve_topology=True), PRECISION)


def _feature(geometry: BaseGeometry, properties: dict[str, Any], tolerance: float) -> dict[str, Any]:
    lat, lon = boundaries.label_point(geometry)
    return {
        "type": "Feature",
        "properties": {**properties, "label_lat": lat, "label_lon": lon},
        "geometry": mapping(simplified(geometry, tolerance)),
    }


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "attribution": boundaries.ATTRIBUTION,
        "features": features,
    }


def districts(tolerance: float = TOLERANCE) -> dict[str, Any]:
    """Seoul's 25 자치구: properties name, code (5 digits), label point."""
    codes = {a.place.district: a.place.code[:5] for a in boundaries.dong_areas()}
    return _collection(
        [
            _feature(geometry, {"name": name, "code": codes[name]}, tolerance)
            for name, geometry in boundaries.district_areas().items()
        ]
    )


def dongs(tolerance: float = TOLERANCE) -> dict[str, Any]:
    """Seoul's 법정동: properties name, district, code (8 digits), label point."""
    return _collection(
        [
            _feature(a.geometry, {"name": a.place.dong, "district": a.place.district, "code": a.place.code}, tolerance)
            for a in boundaries.dong_areas()
        ]
    )
