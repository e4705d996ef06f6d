from django.core.management.base import BaseCommand

from search.client import index_name
from search.indices import KINDS, add_new_fields, alias_targets, ensure_index


class Command(BaseCommand):
    help = "Create the versioned search indices and their aliases if they do not exist (idempotent)."

    def handle(self, *args, **options):
        for kind in KINDS:
            ensure_index(kind)
            add_new_fields(kind)
            self.stdout.write(f"{index_name(kind)} → {', '.join(alias_targets(kind))}")
