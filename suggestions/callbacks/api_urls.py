from django.urls import re_path

from . import api

urlpatterns = [
    re_path(r"^callbacks/?$", api.CaseListView.as_view(), name="callback-list"),
    re_path(r"^callbacks/relays/?$", api.RelayListView.as_view(), name="callback-relays"),
    re_path(
        r"^callbacks/relays/(?P<pk>\d+)/response/?$", api.RelayResponseView.as_view(), name="callback-relay-response"
    ),
    re_path(r"^callbacks/(?P<pk>\d+)/?$", api.CaseDetailView.as_view(), name="callback-detail"),
    re_path(r"^callbacks/(?P<pk>\d+)/assign/?$", api.AssignView.as_view(), name="callback-assign"),
    re_path(r"^callbacks/(?P<pk>\d+)/calls/?$", api.CallView.as_view(), name="callback-calls"),
    re_path(r"^callbacks/(?P<pk>\d+)/relay/?$", api.RelayView.as_view(), name="callback-relay"),
    re_path(r"^callbacks/(?P<pk>\d+)/answer-back/?$", api.AnswerBackView.as_view(), name="callback-answer-back"),
    re_path(r"^callbacks/(?P<pk>\d+)/close/?$", api.CloseView.as_view(), name="callback-close"),
]
