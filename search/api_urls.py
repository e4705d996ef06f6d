from django.urls import path

from . import api

urlpatterns = [
    path("search/suggestions", api.SearchSuggestionsView.as_view(), name="search-suggestions"),
    path("search/themes", api.ThemesView.as_view(), name="search-themes"),
    path("search/announcements", api.SearchAnnouncementsView.as_view(), name="search-announcements"),
    path("suggestions/<int:pk>/similar", api.SimilarView.as_view(), name="suggestion-similar"),
]
