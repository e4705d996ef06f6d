from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "주제 검색 (Search)"
