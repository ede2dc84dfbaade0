"""``manage.py import_articles``: load the newsroom's plain-text exports and ninjs documents."""

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError, transaction

from articles.fixture_writer import write_fixture
from articles.formats import ninjs, plaintext
from articles.formats.parsed import ParsedArticle, ParseError
from articles.importer import (
    ImportOptions,
    Lookups,
    Outcome,
    build,
    file_checksum,
    import_article,
)
from articles.management.options import OneLineErrorsCommand, day
from articles.models import Article
from articles.sources import Source, find_sources, is_ninjs
from articles.tagging import empty_vocabulary, learn, load_vocabulary

PROGRESS_AFTER = 5
# Files read, looked up by digest and written in one transaction: enough to save
# most commits, few enough that an editor's save waits on a batch's locks briefly.
BATCH = 100


class Command(OneLineErrorsCommand):
    help = (
        "Import articles from plain-text export files (*.txt) and IPTC ninjs 3.x text "
        "items (*.json). PATH is a file, a directory (every *.txt and *.json below it) or "
        "- for standard input (ninjs when it starts with {). Prints one line per file: "
        "created|updated|unchanged|conflict <address> <file> (repaired with --recheck-credits). "
        "conflict: the export changed and so did the article in the admin since its last "
        "import; it is left alone (exit status 1) unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--draft", action="store_true", help="Create new articles as drafts.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--fixture",
            metavar="OUT.json",
            help="Write a self-contained loaddata fixture instead of the database.",
        )
        parser.add_argument(
            "--published",
            metavar="YYYY-MM-DD",
            type=day,
            help="Publication date for every file (else the latest date the text names).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Import changed exports over articles editors changed since their last import. "
                "The editors' versions are kept in each article's History."
            ),
        )
        parser.add_argument(
            "--recheck-credits",
            action="store_true",
            help=(
                "For unchanged files too, credit the picture to the person the file names "
                "(matched by name; printed as repaired when it was someone else). "
                "Repairs credits an older version merged into one person."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import_options = ImportOptions(
            draft=options["draft"],
            published=options["published"],
            recheck_credits=options["recheck_credits"],
            force=options["force"],
        )
        sources = list(find_sources(options["paths"], stdin=sys.stdin))
        # A fixture is written for an empty database, so it knows only its own tags.
        vocabulary = empty_vocabulary() if options["fixture"] else load_vocabulary()
        progress = _Progress(self.stderr, len(sources))
        # Unchanged files are known by their digest, without parsing: not when the
        # unchanged are to be looked at (credits), nor for a fixture.
        skip_unchanged = not (options["fixture"] or options["recheck_credits"])
        run = _Run(self, options, import_options, vocabulary, progress)
        for batch in _read(sources, import_options, skip_unchanged):
            run.batch(batch)
        progress.clear()
        failures, conflicts = run.failures, run.conflicts
        if options["fixture"] and run.graphs:
            self._write_fixture(options["fixture"], run.graphs)
        problems = []
        if failures:
            problems.append(f"{failures} of {len(sources)} files could not be imported.")
        if conflicts:
            problems.append(
                f"{conflicts} of {len(sources)} files changed where editors changed the article "
                "since its last import: left alone. --force imports them, keeping the editors' "
                "versions in History."
            )
        if problems:
            raise CommandError(" ".join(problems), returncode=1)

    def _write_fixture(self, out: str, graphs: list) -> None:
        try:
            with Path(out).open("w", encoding="utf-8") as handle:
                count = write_fixture(graphs, handle)
        except OSError as exc:
            raise CommandError(f"cannot write the fixture {out}: {exc.strerror or exc}") from exc
        self.stdout.write(f"fixture {out}: {len(graphs)} articles, {count} objects")


class _Run:
    """One run's files, a batch at a time: one transaction per batch, a savepoint per
    file. A file that fails leaves nothing; the others commit together (and are
    indexed for search together). Lines are printed once their batch committed.
    """

    def __init__(
        self,
        command: "Command",
        options: dict[str, Any],
        import_options: ImportOptions,
        vocabulary: Any,
        progress: "_Progress",
    ) -> None:
        self.command, self.options, self.import_options = command, options, import_options
        self.progress = progress
        self.vocabulary = vocabulary
        self.lookups = Lookups()
        self.suffix = " (dry run)" if options["dry_run"] else ""
        self.failures = self.conflicts = 0
        self.graphs: list = []

    def batch(self, batch: list[tuple[Source, str, str | None]]) -> None:
        lines: list[tuple[Any, str]] = []
        written: list[tuple[int, str]] = []
        # A batch known unchanged has nothing to write: no transaction.
        known = all(unchanged_at is not None for _, _, unchanged_at in batch)
        try:
            with contextlib.nullcontext() if known else transaction.atomic():
                for source, digest, unchanged_at in batch:
                    self.progress.step()
                    stream, line, wrote = self.file(source, digest, unchanged_at)
                    if wrote:
                        written.append((len(lines), source.name))
                    if line:
                        lines.append((stream, line))
        except DatabaseError as exc:
            # The batch's commit failed: none of its files was written.
            self.lookups.forget()
            for at, name in written:
                self.failures += 1
                lines[at] = (self.command.stderr, f"error: {name}: could not be saved: {exc}")
        self.progress.clear()
        for stream, line in lines:
            stream.write(line)

    def file(self, source: Source, digest: str, unchanged_at: str | None) -> tuple[Any, str, bool]:
        """(stream, line to print, whether it wrote) for one file."""
        out, err = self.command.stdout, self.command.stderr
        if unchanged_at is not None:
            return out, f"{Outcome.UNCHANGED} {unchanged_at} {source.name}{self.suffix}", False
        try:
            if source.error:
                raise ParseError(source.error)
            parsed = parse(source)
            if self.options["fixture"]:
                graph = build(parsed, self.import_options, self.vocabulary)
                for tag in graph.tags:
                    learn(self.vocabulary, tag)
                self.graphs.append(graph)
                return out, "", False
            result = import_article(
                parsed,
                self.import_options,
                dry_run=self.options["dry_run"],
                vocabulary=self.vocabulary,
                source_name=source.name,
                lookups=self.lookups,
                source_file_checksum=digest,
            )
        except ParseError as exc:
            self.failures += 1
            return err, f"error: {source.name}: {exc}", False
        except DatabaseError as exc:
            self.failures += 1
            return err, f"error: {source.name}: could not be saved: {exc}", False
        self.conflicts += result.outcome == Outcome.CONFLICT
        wrote = result.outcome in (Outcome.CREATED, Outcome.UPDATED, Outcome.REPAIRED)
        address = result.article.get_absolute_url()
        return out, f"{result.outcome} {address} {source.name}{self.suffix}", wrote


def _read(
    sources: list[Source], options: ImportOptions, skip_unchanged: bool
) -> Iterator[list[tuple[Source, str, str | None]]]:
    """Batches of files read, each with its digest and, when the last import read
    exactly those bytes, its article's address: looked up in one query per batch.
    """
    for start in range(0, len(sources), BATCH):
        batch = [found.read() for found in sources[start : start + BATCH]]
        digests = [
            file_checksum(source.data, is_ninjs(source), options)
            if source.data is not None and not source.error
            else ""
            for source in batch
        ]
        addresses: dict[str, str] = {}
        if skip_unchanged and any(digests):
            known = Article.objects.filter(source_file_checksum__in=set(digests) - {""})
            fields = ("pk", "slug", "published_at", "created_at", "source_file_checksum")
            for article in known.only(*fields):
                addresses.setdefault(article.source_file_checksum, article.get_absolute_url())
        yield [
            (source, digest, addresses.get(digest) if digest else None)
            for source, digest in zip(batch, digests, strict=True)
        ]


def parse(source: Source) -> ParsedArticle:
    """The source's article, read as ninjs (``*.json``) or as the plain-text export."""
    text = plaintext.decode(source.data)
    return ninjs.parse(text) if is_ninjs(source) else plaintext.parse(text)


class _Progress:
    """ "12/1000 files" on stderr, only when stderr is a terminal and the run is long."""

    def __init__(self, stream: Any, total: int) -> None:
        self.stream, self.total, self.done = stream, total, 0
        self.enabled = total > PROGRESS_AFTER and stream.isatty()

    def step(self) -> None:
        self.done += 1
        if self.enabled:
            self.stream.write(f"\r{self.done}/{self.total} files", ending="")
            self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K", ending="")
