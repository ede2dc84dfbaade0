"""``manage.py import_articles``: load the newsroom's plain-text exports and ninjs documents."""

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError, connection, transaction

from articles.bulk_import import SMALLEST, NewFile, create_new
from articles.caching import bumps_batched
from articles.database_faults import connection_lost, deadlocked
from articles.fixture_writer import write_fixture
from articles.formats import ninjs, plaintext
from articles.formats.parsed import ParsedArticle, ParseError
from articles.importer import (
    ImportOptions,
    ImportResult,
    Lookups,
    Outcome,
    build,
    file_checksum,
    import_article,
)
from articles.management.options import OneLineErrorsCommand, day
from articles.models import Article
from articles.parse_ahead import ParseAhead, Pending
from articles.sources import Source, find_sources, is_ninjs
from articles.tagging import empty_vocabulary, learn, load_vocabulary

PROGRESS_AFTER = 5
# Files named when the connection is lost; the rest are counted.
NAMED_UNWRITTEN = 5
# Files read, looked up by digest and written in one transaction: enough to save
# most commits, few enough that an editor's save waits on a batch's locks briefly.
BATCH = 100
# Times a batch is done again after losing a deadlock to another import of the same files.
BATCH_ATTEMPTS = 10
# New articles after which PostgreSQL's statistics of the tables they went to are taken again.
ANALYZE_AFTER = 1000
# The tables a new article writes to, and that the next run and the site's lists look up.
ANALYZED = (
    "articles_article",
    "articles_article_tags",
    "articles_byline",
    "articles_image",
    "articles_relatedlink",
)


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
        try:
            with ParseAhead(len(sources)) as parsing:
                batches = _read(sources, import_options, skip_unchanged)
                for batch, pending in _ahead(batches, parsing):
                    run.batch(batch, pending)
        except (_ConnectionLost, DatabaseError) as exc:
            # Lost in a batch (its files are named), or while looking the next one up.
            lost = exc if isinstance(exc, _ConnectionLost) else _ConnectionLost(exc, [], None)
            if not connection_lost(lost.error, lost.raw or connection.connection):
                raise
            progress.clear()
            unwritten = lost.unwritten + [source.name for source in sources[run.settled :]]
            message = _lost_message(lost.error, unwritten, len(sources))
            raise CommandError(message, returncode=1) from exc
        progress.clear()
        if run.created >= ANALYZE_AFTER and not options["dry_run"]:
            _analyze()
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
        self.failures = self.conflicts = self.created = 0
        # Sources whose outcome is final (committed, known, or refused), in order.
        self.settled = 0
        self.raw: Any = None
        self.graphs: list = []

    def batch(self, batch: list[tuple[Source, str, str | None]], pending: Pending | None) -> None:
        attempt = 1
        counts = self.failures, self.conflicts, self.progress.done
        while True:
            try:
                lines = self._attempt(batch, pending)
                break
            except _Deadlock:
                # Another import holds rows this batch needs while waiting for rows it
                # holds: the whole batch let go (the other then commits) and done again.
                self.lookups.forget()
                if not self.options["fixture"]:
                    # Tags it learnt were rolled back with it.
                    self.vocabulary = load_vocabulary()
                self.failures, self.conflicts, self.progress.done = counts
                if attempt >= BATCH_ATTEMPTS:
                    raise
                attempt += 1
        self.progress.clear()
        for stream, line in lines:
            stream.write(line)
        self.settled += len(batch)

    def _attempt(
        self, batch: list[tuple[Source, str, str | None]], pending: Pending | None
    ) -> list[tuple[Any, str]]:
        """The batch's files in one transaction: the lines to print once it committed."""
        lines: list[tuple[Any, str]] = []
        written: list[tuple[int, str]] = []
        reached = 0
        # A batch known unchanged has nothing to write: no transaction.
        known = all(unchanged_at is not None for _, _, unchanged_at in batch)
        if not known:
            connection.ensure_connection()
        # The driver's connection this batch runs on: asked whether it died, on an error.
        self.raw = connection.connection
        try:
            # One new generation of cached lists and pages for the batch, not one a file.
            with contextlib.nullcontext() if known else transaction.atomic(), bumps_batched():
                parsed = self._parse(batch, pending)
                created = self._create_new(batch, parsed)
                for at, (source, digest, unchanged_at) in enumerate(batch):
                    self.progress.step()
                    stream, line, wrote = self.file(
                        source, digest, unchanged_at, parsed.get(at), created.get(at)
                    )
                    reached += 1
                    if wrote:
                        written.append((len(lines), source.name))
                    if line:
                        lines.append((stream, line))
        except _Deadlock:
            raise
        except DatabaseError as exc:
            # The batch's commit failed: none of its files was written.
            self.lookups.forget()
            if connection_lost(exc, self.raw):
                self._lost(exc, batch, lines, written, reached)
            for at, name in written:
                self.failures += 1
                lines[at] = (self.command.stderr, f"error: {name}: could not be saved: {exc}")
        return lines

    def _lost(
        self,
        exc: DatabaseError,
        batch: list[tuple[Source, str, str | None]],
        lines: list[tuple[Any, str]],
        written: list[tuple[int, str]],
        reached: int,
    ) -> None:
        """Stop the run: print what stands (known unchanged, refused), name what was not written.

        The server rolled the batch back with the connection: its files that wrote
        are as unwritten as those not reached yet.
        """
        wrote = {at for at, _ in written}
        self.progress.clear()
        for at, (stream, line) in enumerate(lines):
            if at not in wrote:
                stream.write(line)
        unwritten = [name for _, name in written]
        unwritten += [source.name for source, _, _ in batch[reached:]]
        self.settled += len(batch)
        raise _ConnectionLost(exc, unwritten, self.raw)

    def _parse(
        self, batch: list[tuple[Source, str, str | None]], pending: Pending | None
    ) -> dict[int, ParsedArticle | ParseError]:
        """Each file to import, parsed (or why it cannot be), by its place in the batch:
        by the second process where it parsed them (``articles.parse_ahead``), else here."""
        parsed: dict[int, ParsedArticle | ParseError] = (pending and pending.results()) or {}
        for at, (source, _, unchanged_at) in enumerate(batch):
            if unchanged_at is not None or at in parsed:
                continue
            try:
                if source.error:
                    raise ParseError(source.error)
                parsed[at] = parse(source)
            except ParseError as exc:
                parsed[at] = exc
        return parsed

    def _create_new(
        self,
        batch: list[tuple[Source, str, str | None]],
        parsed: dict[int, ParsedArticle | ParseError],
    ) -> dict[int, ImportResult]:
        """The batch's new plain-text articles, written together (``articles.bulk_import``).

        In a savepoint of its own: if writing them fails, nothing of it stays and
        each file is then imported alone, so the one at fault fails by itself.
        """
        if self.options["dry_run"] or self.options["fixture"]:
            return {}
        files = [
            NewFile(at, article, batch[at][0].name, batch[at][1])
            for at, article in parsed.items()
            if isinstance(article, ParsedArticle)
        ]
        if len(files) < SMALLEST:
            return {}
        try:
            with transaction.atomic():
                created = create_new(files, self.import_options, self.vocabulary, self.lookups)
        except DatabaseError as exc:
            if connection_lost(exc, self.raw):
                raise
            if deadlocked(exc):
                raise _Deadlock from exc
            self.lookups.forget()
            return {}
        for result in created.values():
            for tag in result.new_tags:
                learn(self.vocabulary, tag)
        return created

    def file(
        self,
        source: Source,
        digest: str,
        unchanged_at: str | None,
        parsed: ParsedArticle | ParseError | None,
        created: ImportResult | None,
    ) -> tuple[Any, str, bool]:
        """(stream, line to print, whether it wrote) for one file, parsed by ``_parse``
        and, when it was a new article, written by ``_create_new`` already."""
        out, err = self.command.stdout, self.command.stderr
        if unchanged_at is not None:
            return out, f"{Outcome.UNCHANGED} {unchanged_at} {source.name}{self.suffix}", False
        try:
            if isinstance(parsed, ParseError):
                raise parsed
            if created is not None:
                self.created += 1
                address = created.article.get_absolute_url()
                return out, f"{created.outcome} {address} {source.name}{self.suffix}", True
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
            if connection_lost(exc, self.raw):
                raise  # Every file after it would fail alike: the batch stops here.
            if deadlocked(exc):
                raise _Deadlock from exc
            self.failures += 1
            return err, f"error: {source.name}: could not be saved: {exc}", False
        self.conflicts += result.outcome == Outcome.CONFLICT
        self.created += result.outcome == Outcome.CREATED
        wrote = result.outcome in (Outcome.CREATED, Outcome.UPDATED, Outcome.REPAIRED)
        address = result.article.get_absolute_url()
        return out, f"{result.outcome} {address} {source.name}{self.suffix}", wrote


class _Deadlock(DatabaseError):
    """A file's statement was a deadlock's victim: its batch is rolled back and done again."""


class _ConnectionLost(Exception):
    """The database went away mid-run: the files of the failed batch that were not written."""

    def __init__(self, error: DatabaseError, unwritten: list[str], raw: Any) -> None:
        super().__init__(str(error))
        self.error, self.unwritten, self.raw = error, unwritten, raw


def _analyze() -> None:
    """Take PostgreSQL's statistics of the tables a large import filled.

    Until autovacuum comes round (or never, where it is off), the planner knows
    the tables as they were: a re-import's digest lookup then reads every article
    (15 ms a batch of 100 at 10,000 articles, against 0.7 ms by its index), and so
    do the site's lists. SQLite plans without statistics.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(ANALYZED)}")


def _lost_message(error: DatabaseError, unwritten: list[str], total: int) -> str:
    """One line: why the run stopped, how many files were not imported and the first few."""
    reason = " ".join(str(error).split()) or type(error).__name__
    named = ", ".join(unwritten[:NAMED_UNWRITTEN])
    more = len(unwritten) - NAMED_UNWRITTEN
    if more > 0:
        named += f" and {more} more"
    return (
        f"the database connection was lost ({reason}): {len(unwritten)} of {total} files "
        f"were not imported ({named}); nothing of them was written. Run the same import "
        "again to complete them."
    )


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
            known = Article.objects.filter(source_file_checksum__in=set(digests) - {""}).order_by()
            fields = ("pk", "slug", "published_at", "created_at", "source_file_checksum")
            for article in known.only(*fields):
                addresses.setdefault(article.source_file_checksum, article.get_absolute_url())
        yield [
            (source, digest, addresses.get(digest) if digest else None)
            for source, digest in zip(batch, digests, strict=True)
        ]


def _ahead(
    batches: Iterator[list[tuple[Source, str, str | None]]], parsing: ParseAhead
) -> Iterator[tuple[list[tuple[Source, str, str | None]], Pending | None]]:
    """Each batch with its parsing under way: the next batch is read and handed to the
    second process before this one is given out to be written."""
    held = None
    for batch in batches:
        pending = parsing.submit(batch)
        if held is not None:
            yield held
        held = (batch, pending)
    if held is not None:
        yield held


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
