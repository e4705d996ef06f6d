from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from .api import AnswerViewSet, SuggestionViewSet
from .moderation_api import ReportView
from .sms.receipts import ReceiptView

router = SimpleRouter()
router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("answers", AnswerViewSet, basename="answer")

urlpatterns = [
    path("sms/receipts/", ReceiptView.as_view(), name="sms-receipts"),
    re_path(r"^suggestions/(?P<pk>\d+)/report/?$", ReportView.as_view(), name="suggestion-report"),
    *router.urls,
]
