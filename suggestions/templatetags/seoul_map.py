"""`{% seoul_map_json %}`: the data site/static/js/map-picker.js draws (Seoul's box, district centres,
the Han river) as JSON for a data-map="…" attribute (simple_tag output is HTML-escaped; the strict CSP
and the no-inline-<script> rule allow reading it)."""

import json

from django import template

from suggestions.geo import map_data

register = template.Library()


@register.simple_tag
def seoul_map_json() -> str:
    return json.dumps(map_data(), ensure_ascii=False, separators=(",", ":"))
