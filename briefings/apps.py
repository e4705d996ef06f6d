from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = "월간 브리핑"
    default_auto_field = "django.db.models.BigAutoField"
