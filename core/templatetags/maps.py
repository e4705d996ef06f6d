"""`{% map_config %}`: what site/static/js/map.js needs, as JSON for a data-map-config="…" attribute
(simple_tag output is HTML-escaped; the strict CSP allows no inline <script>): the boundary GeoJSON's
static URLs and the optional street tiles (settings.MAP_TILES_URL)."""

import json

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def map_config() -> str:
    config = {
        "districts": static("geo/seoul-districts.geojson"),
        "dongs": static("geo/seoul-dongs.geojson"),
        "tiles": settings.MAP_TILES_URL,
        "tilesAttribution": settings.MAP_TILES_ATTRIBUTION,
    }
    return json.dumps(config, ensure_ascii=False, separators=(",", ":"))
