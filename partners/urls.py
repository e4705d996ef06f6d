from django.urls import path

from . import police_views, views

app_name = "partners"

urlpatterns = [
    path("", views.my_groups, name="mine"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("groups/<slug:slug>/invite/", views.invite, name="invite_member"),
    path(
        "groups/<slug:slug>/invite-representative/",
        views.invite,
        {"role": "representative"},
        name="invite_representative",
    ),
    path("groups/<slug:slug>/deactivate/", views.deactivate_group, name="deactivate_group"),
    path("members/<int:pk>/deactivate/", views.deactivate_member, name="deactivate_member"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("police/invite/", police_views.invite_police, name="invite_police"),
    path("police/invitations/<str:token>/", police_views.accept_police_invitation, name="accept_police_invitation"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
]
