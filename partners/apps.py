from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "치안파트너스 (Partners)"

    def ready(self) -> None:
        from . import signals

        signals.connect()
