"""Where a report is: a pin resolved to its 자치구 and 법정동 by point-in-polygon on Seoul's real
boundaries (places.boundaries, offline), or an address placed at its 법정동 / 자치구 centroid and
flagged approximate; and the coarse point non-police viewers get instead of the pin.

SEOUL_BBOX is only the map's initial view: whether a point is in Seoul is decided by the boundary
(과천, 광명 and 부천 are inside the box)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from places import boundaries
from places.boundaries import Place

from .districts import SEOUL_DISTRICTS

SEOUL_BBOX = {"south": 37.413, "north": 37.715, "west": 126.764, "east": 127.184}

OUTSIDE_SEOUL = boundaries.OUTSIDE_SEOUL

# Non-police viewers see a pin snapped to the centre of a ~150 m cell (150 m of latitude; of
# longitude at Seoul's 37.55° N).
GRID_M = 150
GRID_LAT = GRID_M / 111_320
GRID_LON = GRID_M / (111_320 * math.cos(math.radians(37.55)))


@dataclass(frozen=True)
class Location:
    district: str = ""
    dong: str = ""
    lat: float | None = None
    lon: float | None = None
    approximate: bool = False  # placed at a 법정동 / 자치구 centroid from the address, not a pin


def resolve(lat, lon) -> Place | None:
    """The 자치구 and 법정동 of a pin; None outside Seoul's boundary."""
    return boundaries.resolve(lat, lon)


def in_seoul(lat, lon) -> bool:
    return resolve(lat, lon) is not None


_TOKEN = re.compile(r"[가-힣0-9]+")
_ADMIN_DONG = re.compile(r"^([가-힣]+?)제?\d+동$")  # 역삼1동, 창제1동 (행정동) → 역삼동 (법정동)


def _dong_candidates(token: str) -> list[str]:
    out = [token]
    m = _ADMIN_DONG.match(token)
    if m:
        out.append(m.group(1) + "동")
    return out


def match_address(address: str, district: str = "") -> tuple[str, str]:
    """(자치구, 법정동) named in a free-text address, as far as it tells: a 법정동 of the given (or named)
    자치구, or one whose name is unique in Seoul; ("", "") when it names neither."""
    tokens = _TOKEN.findall(address or "")
    if not district:
        district = next((t for t in tokens if t in SEOUL_DISTRICTS), "")
    names = boundaries.dong_names()
    for token in tokens:
        for name in _dong_candidates(token):
            districts = names.get(name, ())
            if district and district in districts:
                return district, name
            if not district and len(districts) == 1:
                return districts[0], name
    return district, ""


def locate(*, district: str = "", address: str = "", lat=None, lon=None, centroid: bool = True) -> Location | None:
    """The report's place. A pin decides the 자치구 and 법정동 (None when it is outside Seoul); without
    one, the address / chosen 자치구 give a centroid flagged approximate (`centroid=False`: the names
    only, for proposals, which are not drawn on maps); neither gives no place."""
    if lat is not None and lon is not None:
        place = resolve(lat, lon)
        if place is None:
            return None
        return Location(place.district, place.dong, float(lat), float(lon))
    district, dong = match_address(address, district if district in SEOUL_DISTRICTS else "")
    point = (boundaries.dong_centroid(district, dong) if dong else None) or (
        boundaries.district_centroid(district) if district else None
    )
    if point is None or not centroid:
        return Location(district=district, dong=dong)
    return Location(district, dong, point[0], point[1], approximate=True)


def coarsen(lat: float, lon: float) -> tuple[float, float]:
    """The centre of the ~150 m grid cell holding the point (what non-police viewers get)."""
    return (
        round((math.floor(lat / GRID_LAT) + 0.5) * GRID_LAT, 5),
        round((math.floor(lon / GRID_LON) + 0.5) * GRID_LON, 5),
    )


def is_coarse(lat: float, lon: float) -> bool:
    """Whether a point is a grid-cell centre (what tests of the privacy rule check)."""
    return coarsen(lat, lon) == (round(lat, 5), round(lon, 5))


def district_centres() -> dict[str, tuple[float, float]]:
    """Each 자치구's label point (its centroid), for map labels."""
    return {name: point for name in SEOUL_DISTRICTS if (point := boundaries.district_centroid(name))}


def map_data() -> dict:
    """What the map scripts draw (rendered with json_script): the initial view, the boundary files, labels."""
    from django.templatetags.static import static

    return {
        "bbox": SEOUL_BBOX,
        "districts": {name: list(point) for name, point in district_centres().items()},
        "boundaries": {
            "districts": static("geo/seoul-districts.geojson"),
            "dongs": static("geo/seoul-dongs.geojson"),
        },
        "attribution": boundaries.ATTRIBUTION,
    }


# --- Geotile grid (the hotspot map's cells; search draws them, 탄력순찰 turns them into requests) ---

TILE_PRECISIONS = (12, 13, 14, 15)  # geotile zoom levels: ~9.8 km … ~1.2 km wide tiles at the equator


def tile_bounds(key: str) -> dict[str, float]:
    """The west/east/north/south degrees of a `z/x/y` geotile (Web Mercator, as Elasticsearch's)."""
    z, x, y = (int(v) for v in key.split("/"))
    n = 2**z

    def lat(yy: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * yy / n))))

    return {"west": x / n * 360 - 180, "east": (x + 1) / n * 360 - 180, "north": lat(y), "south": lat(y + 1)}


def valid_tile_key(key: str) -> bool:
    parts = (key or "").split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    z, x, y = (int(p) for p in parts)
    return z in TILE_PRECISIONS and x < 2**z and y < 2**z


def tile_key(lat: float, lon: float, z: int = 14) -> str:
    """The z/x/y geotile holding the point (the inverse of `tile_bounds`)."""
    n = 2**z
    x = min(int((lon + 180) / 360 * n), n - 1)
    y = min(int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n), n - 1)
    return f"{z}/{x}/{y}"
