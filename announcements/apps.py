from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = "정책 공지 (Announcements)"

    def ready(self) -> None:
        from . import page_cache

        page_cache.connect()
