from django.urls import path

from . import api

urlpatterns = [path("places/resolve", api.ResolveView.as_view(), name="place-resolve")]
