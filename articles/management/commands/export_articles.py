"""``manage.py export_articles``: write articles back out as export files."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from articles import exporting
from articles.management.options import OneLineErrorsCommand, day
from articles.models import Article


class Command(OneLineErrorsCommand):
    help = (
        "Export articles to OUTDIR, one file per article named <uuid>.txt, in the "
        "newsroom's plain-text layout, or <uuid>.json as IPTC ninjs 3.1 (--format ninjs); "
        "import_articles reads both back. OUTDIR is "
        "created if missing; a file whose content would not change is left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", metavar="OUTDIR")
        formats = ", ".join(sorted(exporting.WRITERS))
        parser.add_argument("--format", default="text", help=f"One of: {formats}. Default: text.")
        parser.add_argument("--section", metavar="SLUG", help="Only this section's articles.")
        parser.add_argument("--publisher", metavar="SLUG", help="Only this publisher's articles.")
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            type=day,
            help="Only articles published on this day or later (site time).",
        )
        parser.add_argument(
            "--until",
            metavar="YYYY-MM-DD",
            type=day,
            help="Only articles published on this day or earlier (site time).",
        )
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="Leave out drafts and scheduled articles (what readers can see).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        filters = exporting.ExportFilters(
            section=options["section"],
            publisher=options["publisher"],
            since=options["since"],
            until=options["until"],
            published_only=options["published_only"],
        )
        try:
            writer = exporting.writer_for(options["format"])
            articles = exporting.select(filters)
            directory = exporting.prepare_directory(Path(options["outdir"]))
            report = exporting.export(articles, directory, writer, on_skip=self._skipped)
        except exporting.ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{report.written} files written to {directory}, {report.unchanged} unchanged"
            + (f", {len(report.skipped)} articles skipped" if report.skipped else "")
        )
        if report.dates_lost:
            self.stderr.write(
                f"note: {report.dates_lost} articles are dated on a day their text does not "
                "name; import_articles dates them by their text (or --published)."
            )
        if report.skipped:
            raise CommandError(
                f"{len(report.skipped)} articles could not be exported.", returncode=1
            )

    def _skipped(self, article: Article, reason: str) -> None:
        self.stderr.write(f"skipped: {article.uuid} {article.headline!r}: {reason}")
