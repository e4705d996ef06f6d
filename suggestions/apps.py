from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_police_admin_access(sender, using="default", **kwargs) -> None:
    """Officers, heads and HQ (the 경찰 auth group kept in sync by partners) work in the Wagtail
    admin's department inbox, so the group gets `wagtailadmin.access_admin`. What they may do
    there is still decided by partners.access in every view."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from partners.services import POLICE_AUTH_GROUP

    def access_admin():
        perms = Permission.objects.using(using)
        return perms.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()

    perm = access_admin()
    if perm is None and apps.is_installed("wagtail.admin"):
        # After a flush (transactional tests) post_migrate may reach this app before wagtailadmin's.
        create_permissions(apps.get_app_config("wagtailadmin"), verbosity=0, using=using)
        perm = access_admin()
    if perm is None:
        return
    group, _ = Group.objects.using(using).get_or_create(name=POLICE_AUTH_GROUP)
    group.permissions.add(perm)


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = "제안 (Suggestions)"

    def ready(self) -> None:
        post_migrate.connect(grant_police_admin_access, sender=self, dispatch_uid="suggestions-police-admin")
        from django.db.models.signals import post_delete, post_save

        from places.models import StationArea

        from .services.stations import on_area_change

        for signal in (post_save, post_delete):
            signal.connect(
                on_area_change, sender=StationArea, dispatch_uid=f"suggestions-restation-{signal is post_save}"
            )
