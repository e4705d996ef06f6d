from django.core.management.base import BaseCommand

from search.client import index_name
from search.indexing import rebuild
from search.indices import KINDS, add_new_fields, alias_targets, ensure_index, mapping_is_current


class Command(BaseCommand):
    help = (
        "Create the versioned search indices and their aliases if they do not exist (idempotent); "
        "an index whose mapping version is older than the code's is rebuilt (alias swapped atomically)."
    )

    def handle(self, *args, **options):
        for kind in KINDS:
            ensure_index(kind)
            if not mapping_is_current(kind):
                self.stdout.write(f"{index_name(kind)}: mapping changed, rebuilding …")
                rebuild(kind)
            else:
                add_new_fields(kind)
            self.stdout.write(f"{index_name(kind)} → {', '.join(alias_targets(kind))}")
