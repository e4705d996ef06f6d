"""Joined into the `suggestions` namespace (no app_name: names are suggestions:follow, …)."""

from django.urls import path

from . import views

urlpatterns = [
    path("implemented/", views.implemented_list, name="implemented"),
    path("<int:pk>/follow/", views.follow, name="follow"),
    path("<int:pk>/unfollow/", views.unfollow, name="unfollow"),
    path("<int:pk>/messages/", views.post_message, name="thread_post"),
]
