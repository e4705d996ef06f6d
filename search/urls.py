from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("themes/", views.themes_page, name="themes"),
    path("themes/<str:key>/", views.theme_detail, name="theme"),
    path("hotspots/", views.hotspots_page, name="hotspots"),
    path("hotspots/cell", views.hotspot_cell, name="hotspot_cell"),
    path("export.<str:fmt>", views.export, name="export"),
    path("saved/", views.saved_searches, name="saved"),
    path("saved/<int:pk>/delete/", views.delete_saved, name="saved_delete"),
    path("similar-preview", views.similar_preview, name="similar_preview"),
]
