from django.apps import AppConfig
from django.db.models.signals import post_migrate


def load_default_stations(sender, using="default", **kwargs) -> None:
    """Seoul's 31 stations and their areas (places.default_stations, approximate) when the table is
    empty: after the first migrate, and after a flush. Admins' edits are never overwritten."""
    from .default_stations import DEFAULT_STATIONS, default_areas
    from .models import PoliceStation, StationArea

    if PoliceStation.objects.using(using).exists():
        return
    stations = {
        name: PoliceStation.objects.using(using).create(name=name, note="기본값(근사)") for name in DEFAULT_STATIONS
    }
    StationArea.objects.using(using).bulk_create(
        StationArea(station=stations[s], district=district, dong=dong) for s, district, dong in default_areas()
    )


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = "장소 (Places)"

    def ready(self) -> None:
        post_migrate.connect(load_default_stations, sender=self, dispatch_uid="places-default-stations")
