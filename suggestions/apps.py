from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_police_admin_access(sender, using="default", **kwargs) -> None:
    """Officers, heads and HQ (the 경찰 auth group kept in sync by partners) work in the Wagtail
    admin's department inbox, so the group gets `wagtailadmin.access_admin`. What they may do
    there is still decided by partners.access in every view."""
    from django.contrib.auth.models import Group, Permission

    from partners.services import POLICE_AUTH_GROUP

    perm = (
        Permission.objects.using(using).filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    )
    if perm is None:
        return
    group, _ = Group.objects.using(using).get_or_create(name=POLICE_AUTH_GROUP)
    group.permissions.add(perm)


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = "제안 (Suggestions)"

    def ready(self) -> None:
        post_migrate.connect(grant_police_admin_access, sender=self, dispatch_uid="suggestions-police-admin")
