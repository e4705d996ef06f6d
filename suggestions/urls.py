from django.urls import include, path

from . import moderation_views, views

app_name = "suggestions"

urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("new/", views.suggestion_create, name="create"),
    path("", include("suggestions.following.urls")),
    path("mine/", views.mine, name="mine"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("departments/", views.departments, name="departments"),
    path("hq/", views.hq_overview, name="hq"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/unsupport/", views.unsupport, name="unsupport"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/supplement/", views.supplement, name="supplement"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/report/", moderation_views.report, name="report"),
    path("", include("suggestions.objections.urls")),
    path("", include("suggestions.referrals.urls")),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
