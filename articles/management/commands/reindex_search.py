"""Rebuild the search index of every article (after migrating, or if it was lost)."""

from django.core.management.base import BaseCommand

from articles.search.indexing import reindex_all


class Command(BaseCommand):
    help = (
        "Index every article for search. Saves keep the index current; run this once "
        "after migrating a database that already holds articles."
    )

    def handle(self, *args, **options) -> None:
        count = reindex_all()
        self.stdout.write(f"indexed {count} article{'' if count == 1 else 's'}")
