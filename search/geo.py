"""Seoul's bounding box and approximate district centres (구청 locations) for the hotspot map's
labels: the map is an SVG over this box, no tile server. Defined once in suggestions.geo (also used by
the filing form's map pin picker); re-exported here under the same names."""

from suggestions.geo import DISTRICT_CENTERS, SEOUL_BBOX

__all__ = ["DISTRICT_CENTERS", "SEOUL_BBOX"]
