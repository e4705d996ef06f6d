"""suggestions.apps: the 경찰 auth group keeps Wagtail admin access even when post_migrate reaches the
suggestions app before wagtailadmin's permission exists (e.g. after a flush between transactional tests)."""

import pytest
from django.contrib.auth.models import Group, Permission

from partners.services import POLICE_AUTH_GROUP
from suggestions.apps import grant_police_admin_access


@pytest.mark.django_db
def test_police_group_gets_access_admin_even_if_the_permission_is_missing():
    Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").delete()
    grant_police_admin_access(sender=None)
    group = Group.objects.get(name=POLICE_AUTH_GROUP)
    assert group.permissions.filter(content_type__app_label="wagtailadmin", codename="access_admin").exists()
