from django.http import Http404
from wagtail import hooks
from wagtail.models import PageViewRestriction


@hooks.register("before_serve_page", order=-10)
def hide_restricted_pages(page, request, serve_args, serve_kwargs) -> None:
    """A partners-only page answers exactly like a missing one (404) to whoever may not see it,
    instead of Wagtail's login redirect that would reveal that it exists."""
    restrictions = page.get_view_restrictions()
    list(restrictions)  # evaluate once; the same (cached) result serves Wagtail's own check and the template
    page.get_view_restrictions = lambda: restrictions  # this request's page object only
    for restriction in restrictions:
        hidden_types = (PageViewRestriction.GROUPS, PageViewRestriction.LOGIN)
        if restriction.restriction_type in hidden_types and not restriction.accept_request(request):
            raise Http404
