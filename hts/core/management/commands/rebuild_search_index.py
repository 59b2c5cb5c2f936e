"""Make the search index afresh from the records (after a restore, an import outside the services, or a
change of how a kind is tokenised)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hts.core.search.index import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index (every kind, or those named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kinds", nargs="*", help="kinds to rebuild (teacher, school, studio, ...); all by default")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = search_index_rebuild(options["kinds"] or None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
