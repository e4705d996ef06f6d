from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import AnswerViewSet, SuggestionViewSet
from .sms.receipts import ReceiptView

router = SimpleRouter()
router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("answers", AnswerViewSet, basename="answer")

urlpatterns = [path("sms/receipts/", ReceiptView.as_view(), name="sms-receipts"), *router.urls]
