from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "데모 데이터 (Demo)"
