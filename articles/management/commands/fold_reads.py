"""``manage.py fold_reads``: write the read counts waiting in the cache to the database.

Pages fold on their own every few minutes; operators run this before a deploy
or from cron. It reaches the counts only when the cache is shared (Redis,
``REDIS_URL``): a local-memory cache belongs to each web process.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.popularity import fold_reads


class Command(BaseCommand):
    help = "Write the read counts waiting in the cache to the database and prune old ones."

    def handle(self, *args, **options) -> None:
        folded = fold_reads()
        if folded is None:
            raise CommandError("Another fold is running; its reads will be written by it.")
        self.stdout.write(
            f"Folded {folded.reads} reads into {folded.rows} hourly counts; "
            f"removed {folded.pruned} counts older than 8 days."
        )
        if not settings.REDIS_URL:
            self.stderr.write(
                "Note: REDIS_URL is not set, so this process has its own cache: "
                "web workers fold the reads they counted themselves."
            )
