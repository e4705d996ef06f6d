"""Seoul's geography for maps without a tile server: the bounding box, approximate district centres
(구청 locations) and a rough Han river line. Shared by the filing form's map pin picker, the detail
page's pin map and the HQ hotspot map (search.geo re-exports these names)."""

from __future__ import annotations

import math

SEOUL_BBOX = {"south": 37.413, "north": 37.715, "west": 126.764, "east": 127.184}

DISTRICT_CENTERS = {
    "강남구": (37.5172, 127.0473),
    "강동구": (37.5301, 127.1238),
    "강북구": (37.6396, 127.0257),
    "강서구": (37.5509, 126.8495),
    "관악구": (37.4784, 126.9516),
    "광진구": (37.5385, 127.0823),
    "구로구": (37.4954, 126.8874),
    "금천구": (37.4569, 126.8955),
    "노원구": (37.6542, 127.0568),
    "도봉구": (37.6688, 127.0471),
    "동대문구": (37.5744, 127.0400),
    "동작구": (37.5124, 126.9393),
    "마포구": (37.5663, 126.9019),
    "서대문구": (37.5791, 126.9368),
    "서초구": (37.4837, 127.0324),
    "성동구": (37.5633, 127.0371),
    "성북구": (37.5894, 127.0167),
    "송파구": (37.5145, 127.1059),
    "양천구": (37.5170, 126.8664),
    "영등포구": (37.5264, 126.8962),
    "용산구": (37.5326, 126.9905),
    "은평구": (37.6027, 126.9291),
    "종로구": (37.5735, 126.9790),
    "중구": (37.5641, 126.9979),
    "중랑구": (37.6063, 127.0925),
}

# The Han river, west → east, roughly along its bridges (행주대교 … 강동대교): for orientation only.
HAN_RIVER = [
    (37.5985, 126.8090),
    (37.5820, 126.8330),
    (37.5710, 126.8600),
    (37.5560, 126.8850),
    (37.5470, 126.9020),
    (37.5370, 126.9200),
    (37.5320, 126.9350),
    (37.5170, 126.9580),
    (37.5100, 126.9800),
    (37.5140, 126.9960),
    (37.5260, 127.0130),
    (37.5360, 127.0220),
    (37.5370, 127.0350),
    (37.5330, 127.0560),
    (37.5260, 127.0680),
    (37.5230, 127.0920),
    (37.5330, 127.1030),
    (37.5420, 127.1150),
    (37.5560, 127.1290),
    (37.5730, 127.1590),
    (37.5840, 127.1840),
]

_MID_LAT_COS = math.cos(math.radians((SEOUL_BBOX["south"] + SEOUL_BBOX["north"]) / 2))


def in_seoul_bbox(lat: float | None, lon: float | None) -> bool:
    """Whether the point lies within Seoul's bounding box (NaN and missing values do not)."""
    if lat is None or lon is None:
        return False
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    b = SEOUL_BBOX
    return b["south"] <= lat <= b["north"] and b["west"] <= lon <= b["east"]


def nearest_district(lat: float, lon: float) -> str:
    """The district whose centre is nearest (equirectangular distance, longitude scaled by cos φ).

    An approximation of the real borders (a Voronoi diagram of the 구청 locations): good enough to
    pre-select the district and route the report; the partner can always correct it."""
    return min(
        DISTRICT_CENTERS,
        key=lambda name: (
            (DISTRICT_CENTERS[name][0] - lat) ** 2 + ((DISTRICT_CENTERS[name][1] - lon) * _MID_LAT_COS) ** 2
        ),
    )


def map_data() -> dict:
    """What site/static/js/map-picker.js draws (rendered with json_script)."""
    return {
        "bbox": SEOUL_BBOX,
        "districts": {name: list(point) for name, point in DISTRICT_CENTERS.items()},
        "river": [list(point) for point in HAN_RIVER],
    }
