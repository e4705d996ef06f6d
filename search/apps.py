from django.apps import AppConfig

from core import health


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "주제 검색 (Search)"

    def ready(self) -> None:
        from . import receivers  # models are loaded only now
        from .analysis import connect_dictionary_signals
        from .health import check_elasticsearch

        health.register("elasticsearch", check_elasticsearch)
        receivers.connect()
        connect_dictionary_signals()
