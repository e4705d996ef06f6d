from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/objection/", views.file, name="objection"),
]
