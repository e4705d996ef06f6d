from rest_framework.routers import SimpleRouter

from .api import AnswerViewSet, SuggestionViewSet

router = SimpleRouter()
router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("answers", AnswerViewSet, basename="answer")

urlpatterns = router.urls
