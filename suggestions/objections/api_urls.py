from django.urls import re_path

from .api import ObjectionResponseView, SuggestionObjectionView

urlpatterns = [
    re_path(r"^suggestions/(?P<pk>\d+)/objection/?$", SuggestionObjectionView.as_view(), name="suggestion-objection"),
    re_path(r"^objections/(?P<pk>\d+)/response/?$", ObjectionResponseView.as_view(), name="objection-response"),
]
