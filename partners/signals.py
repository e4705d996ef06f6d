"""Edits made outside the services (Wagtail admin viewsets) keep the auth groups in step too."""

from django.db.models.signals import post_delete, post_save

from .models import Department, Membership, OfficerMembership, PartnerGroup, Profile


def _sync_user(sender, instance, **kwargs) -> None:
    from .services import sync_partner_auth_group

    sync_partner_auth_group(instance.user)


def _unsync_user(sender, instance, **kwargs) -> None:
    from .services import sync_partner_auth_group

    sync_partner_auth_group(instance.user, add=False)


def _sync_group(sender, instance, **kwargs) -> None:
    from .services import sync_group_members

    sync_group_members(instance)


def _sync_department(sender, instance, **kwargs) -> None:
    from .services import sync_partner_auth_group

    for officer in instance.officers.select_related("user"):
        sync_partner_auth_group(officer.user)


def connect() -> None:
    for model in (Membership, OfficerMembership, Profile):
        post_save.connect(_sync_user, sender=model, dispatch_uid=f"partners-sync-{model.__name__}")
        post_delete.connect(_unsync_user, sender=model, dispatch_uid=f"partners-sync-del-{model.__name__}")
    post_save.connect(_sync_group, sender=PartnerGroup, dispatch_uid="partners-sync-group")
    post_save.connect(_sync_department, sender=Department, dispatch_uid="partners-sync-department")
