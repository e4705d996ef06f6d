from django.urls import path

from . import api

urlpatterns = [
    path("briefings", api.BriefingListView.as_view(), name="briefings"),
    path("briefings/<int:pk>", api.BriefingDetailView.as_view(), name="briefing"),
]
