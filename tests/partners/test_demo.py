"""seed_people(): the named users exist with their roles, and running it twice changes nothing."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from demo.partners import seed_people
from partners import access
from partners.models import Department, Field, Membership, PartnerGroup
from suggestions.models import RoutingRule


@pytest.mark.django_db
def test_seed_people_is_idempotent_and_gives_each_role(world):
    again = seed_people()
    assert {u: again[u].pk for u in again} == {u: world.users[u].pk for u in world.users}
    assert Field.objects.count() == 5
    assert set(Field.objects.values_list("slug", flat=True)) == {
        "crime-prevention",
        "women-children",
        "traffic",
        "investigation-security",
        "assembly",
    }
    assert {"traffic", "community-safety", "women-youth"} <= set(Department.objects.values_list("slug", flat=True))
    assert PartnerGroup.objects.count() >= 7
    labels = {name: access.principal_for(user).role_label for name, user in again.items()}
    assert labels == {
        "admin": "admin",
        "hq": "hq",
        "auditor": "auditor",  # 민원 점검관
        "officer_traffic": "officer",
        "head_traffic": "head",
        "officer_safety": "officer",
        "head_safety": "head",
        "partner_rep": "representative",
        "partner_member": "member",
        "member_other": "member",
    }
    rep = Membership.objects.get(user=again["partner_rep"])
    assert Membership.objects.get(user=again["partner_member"]).group == rep.group
    assert Membership.objects.get(user=again["member_other"]).group != rep.group
    assert again["partner_member"].check_password(settings.DEMO_PASSWORD)
    # every field routes somewhere
    for field in Field.objects.all():
        assert RoutingRule.objects.filter(field=field, is_active=True).exists(), field
    partners_group = Group.objects.get(name="치안파트너스")
    assert set(partners_group.user_set.values_list("username", flat=True)) == {
        "partner_rep",
        "partner_member",
        "member_other",
    }
    police = set(Group.objects.get(name="경찰").user_set.values_list("username", flat=True))
    assert police == {"hq", "auditor", "officer_traffic", "head_traffic", "officer_safety", "head_safety"}


@pytest.mark.django_db
def test_seed_people_uses_the_shipped_copy_without_shared_data(settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path / "missing"
    users = seed_people()
    assert PartnerGroup.objects.filter(slug="seoul-moms-cafe").exists()
    assert PartnerGroup.objects.count() == 7
    assert set(Department.objects.values_list("slug", flat=True)) >= {"traffic", "community-safety", "women-youth"}
    assert Membership.objects.get(user=users["partner_rep"]).group.slug == "seoul-moms-cafe"
    group = PartnerGroup.objects.get(slug="seoul-moms-cafe")
    assert group.appointed_until is not None and group.fields.count() == 3
