from django.core.management.base import BaseCommand

from search.word_candidates import MAX_TEXTS, candidates, corpus_texts


class Command(BaseCommand):
    help = (
        "List candidate words for the Kiwi user dictionary (Kiwi.extract_words over the masked proposals); "
        "HQ adds the good ones in the admin (검색 사용자 사전). Nothing is added automatically."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--texts", type=int, default=MAX_TEXTS, help="how many recent proposals to read")

    def handle(self, *args, **options):
        found = candidates(corpus_texts(options["texts"]), limit=options["limit"])
        for c in found:
            self.stdout.write(f"{c.form}\t{c.score:.3f}\t{c.count}\t{' + '.join(c.split)}")
        if not found:
            self.stdout.write("후보 단어가 없습니다.")
