"""Seoul's map view box and district label points for the hotspot map; defined once in
suggestions.geo (also used by the filing form's map pin picker) and re-exported here."""

from suggestions.geo import SEOUL_BBOX, district_centres, map_data

__all__ = ["SEOUL_BBOX", "district_centres", "map_data"]
