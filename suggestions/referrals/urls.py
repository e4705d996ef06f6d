from django.urls import path

from . import views

# Included into the `suggestions` namespace.
urlpatterns = [
    path("referrals/link/<str:token>/", views.agency_link, name="referral_link"),
]
