"""HQ edits the synonym list and the Kiwi user dictionary in the Wagtail admin (메뉴 → 검색 동의어,
검색 사용자 사전). Who may edit is decided by
partners.access (HQ analysts and administrators: Principal.can_view_hq), not by Django model perms."""

from django.contrib.auth import get_user_model
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from partners.access import hq_users_q, principal_for

from . import word_candidates_admin
from .models import Synonym, UserWord


class HQPermissionPolicy(BasePermissionPolicy):
    """Every action on the model for HQ analysts and administrators, nothing for anyone else."""

    def user_has_permission(self, user, action) -> bool:
        return principal_for(user).can_view_hq

    def user_has_any_permission(self, user, actions) -> bool:
        return principal_for(user).can_view_hq

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(hq_users_q()).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("검색 동의어")
    list_display = ["term", "expansions", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["term", "expansions"]
    search_backend_name = None  # plain database filtering; Synonym is not a Wagtail-indexed model
    add_to_admin_menu = True
    menu_order = 900


class UserWordViewSet(SnippetViewSet):
    model = UserWord
    icon = "list-ul"
    menu_label = _("검색 사용자 사전")
    list_display = ["form", "tag", "score", "is_active", "note", "updated_at"]
    list_filter = ["is_active", "tag"]
    search_fields = ["form", "note"]
    search_backend_name = None
    add_to_admin_menu = True
    menu_order = 901


@hooks.register("after_create_snippet")
def record_user_word_author(request, instance) -> None:
    if isinstance(instance, UserWord) and instance.created_by_id is None:
        UserWord.objects.filter(pk=instance.pk).update(created_by=request.user)


register_permission_policy(Synonym, HQPermissionPolicy(Synonym))
register_permission_policy(UserWord, HQPermissionPolicy(UserWord))
register_snippet(SynonymViewSet)
register_snippet(UserWordViewSet)


word_urls = [
    path("", word_candidates_admin.candidate_list, name="candidates"),
    path("accept/", word_candidates_admin.accept, name="accept"),
]


@hooks.register("register_admin_urls")
def register_word_candidate_urls():
    return [path("search/words/", include((word_urls, "search_words"), namespace="search_words"))]


class HQMenuItem(MenuItem):
    def is_shown(self, request):
        return principal_for(request.user).can_view_hq


@hooks.register("register_admin_menu_item")
def register_word_candidates_menu_item():
    return HQMenuItem(_("사전 추천 단어"), reverse("search_words:candidates"), icon_name="list-ul", order=902)
