from wagtail import hooks

from search.indexing import schedule_announcement_index

from .models import PolicyAnnouncementPage


@hooks.register("after_publish_page")
def index_published_announcement(request, page) -> None:
    """Queue (through the outbox, on commit) the search indexing of a published announcement."""
    if isinstance(page.specific, PolicyAnnouncementPage):
        schedule_announcement_index(page.pk)
