from django.apps import AppConfig

from . import health


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "공통 (Core)"

    def ready(self) -> None:
        health.register("database", health.check_database)
        health.register("broker", health.check_broker)
