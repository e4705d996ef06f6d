from django.urls import path

from . import views

app_name = "briefings"

urlpatterns = [
    path("", views.briefing_list, name="list"),
    path("request", views.briefing_request, name="request"),
    path("<int:pk>/status", views.briefing_status, name="status"),
    path("<int:pk>/<str:fmt>", views.briefing_file, name="file"),
]
