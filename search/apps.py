from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "주제 검색 (Search)"

    def ready(self) -> None:
        from . import receivers  # models are loaded only now

        receivers.connect()
