from django.urls import path

from . import api

urlpatterns = [
    path("patrols/requests/", api.RequestsView.as_view(), name="patrol-requests"),
    path("patrols/plans/", api.PlansView.as_view(), name="patrol-plans"),
    path("patrols/plans/<int:pk>/", api.PlanView.as_view(), name="patrol-plan"),
    path("patrols/spots/<int:pk>/logs/", api.SpotLogsView.as_view(), name="patrol-spot-logs"),
]
