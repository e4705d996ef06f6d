from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.client import index_name
from search.indexing import rebuild
from search.indices import KINDS, add_new_fields, alias_targets, ensure_index, mapping_is_current, set_replicas


class Command(BaseCommand):
    help = (
        "Create the versioned search indices and their aliases if they do not exist (idempotent); "
        "an index whose mapping version is older than the code's is rebuilt (alias swapped atomically); "
        "the live indices get ES_REPLICAS (or --replicas) replicas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--replicas", type=int, help="number_of_replicas to set (default: ES_REPLICAS)")

    def handle(self, *args, **options):
        replicas = options.get("replicas")
        if replicas is not None and replicas < 0:
            raise CommandError(_("복제본 수는 0 이상이어야 합니다."))
        for kind in KINDS:
            ensure_index(kind)
            if not mapping_is_current(kind):
                self.stdout.write(f"{index_name(kind)}: mapping changed, rebuilding …")
                rebuild(kind)
            else:
                add_new_fields(kind)
            set_replicas(kind, replicas)
            self.stdout.write(f"{index_name(kind)} → {', '.join(alias_targets(kind))}")
