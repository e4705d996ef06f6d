"""HQ edits the synonym list in the Wagtail admin (Snippets → 검색 동의어)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "검색 동의어"
    list_display = ["term", "expansions", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["term", "expansions"]
    search_backend_name = None  # plain database filtering; Synonym is not a Wagtail-indexed model
    add_to_admin_menu = True
    menu_order = 900


register_snippet(SynonymViewSet)
