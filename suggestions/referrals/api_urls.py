from django.urls import re_path

from . import api

urlpatterns = [
    re_path(r"^suggestions/(?P<pk>\d+)/site-checks/?$", api.SiteChecksView.as_view(), name="suggestion-site-checks"),
    re_path(r"^site-checks/(?P<pk>\d+)/checklist/?$", api.ChecklistView.as_view(), name="site-check-checklist"),
    re_path(
        r"^suggestions/(?P<pk>\d+)/referrals/?$", api.SuggestionReferralsView.as_view(), name="suggestion-referrals"
    ),
    re_path(r"^referrals/(?P<pk>\d+)/outcome/?$", api.OutcomeView.as_view(), name="referral-outcome"),
    re_path(r"^referrals/?$", api.OpenReferralsView.as_view(), name="referrals-open"),
]
