from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from .api import AnswerViewSet, SuggestionViewSet
from .following import api as following_api
from .moderation_api import ReportView
from .sms.receipts import ReceiptView

router = SimpleRouter()
router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("answers", AnswerViewSet, basename="answer")

urlpatterns = [
    path("sms/receipts/", ReceiptView.as_view(), name="sms-receipts"),
    re_path(r"^suggestions/(?P<pk>\d+)/report/?$", ReportView.as_view(), name="suggestion-report"),
    re_path(r"^suggestions/(?P<pk>\d+)/messages/?$", following_api.MessagesView.as_view(), name="suggestion-messages"),
    re_path(r"^suggestions/(?P<pk>\d+)/follow/?$", following_api.FollowView.as_view(), name="suggestion-follow"),
    path("implemented/", following_api.ImplementedView.as_view(), name="implemented"),
    path("", include("suggestions.callbacks.api_urls")),
    path("", include("suggestions.objections.api_urls")),
    path("", include("suggestions.patrols.api_urls")),
    path("", include("suggestions.referrals.api_urls")),
    *router.urls,
]
