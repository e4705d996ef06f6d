"""`{{ s|coarse_area }}`: the ~150 m grid cell a coarsened location stands for, as "south,west,north,east"
for the detail map's data-area (site/static/js/map-picker.js draws it). Computed from the cell centre
the selector already coarsened (s.shown_lat/shown_lon), never from the exact pin."""

from django import template

from suggestions.geo import GRID_LAT, GRID_LON

register = template.Library()


@register.filter
def coarse_area(s) -> str:
    lat, lon = getattr(s, "shown_lat", None), getattr(s, "shown_lon", None)
    if lat is None or lon is None or getattr(s, "location_exact", False):
        return ""
    half_lat, half_lon = GRID_LAT / 2, GRID_LON / 2
    return ",".join(f"{v:.5f}" for v in (lat - half_lat, lon - half_lon, lat + half_lat, lon + half_lon))
