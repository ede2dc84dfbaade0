"""Articles back out to files: what ``manage.py export_articles`` does, without its shell.

One file per article, named by the article's UUID (``<uuid>.txt``): the name
never changes with an edit or a new publication date, and an imported
article's UUID comes from its publisher and headline, so exporting a re-import
gives the same names again. Files are written whole or not at all (a temporary
file beside the target, then a rename); a file whose bytes would not change is
not touched, and nothing else in the directory is.

Formats plug in through ``WRITERS``: a writer turns one article, fetched by
``ArticleQuerySet.for_export()`` (and whatever more its ``prepare`` asks for),
into the file's text. Articles are read in chunks, with a constant number of
queries per chunk, so a million articles never sit in memory at once.
"""

import datetime
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from articles.formats import ninjs, plaintext
from articles.formats.parsed import Credit, ParsedArticle, ParsedImage
from articles.models import Article, Publisher, RelatedLink, Section
from articles.querysets import ArticleQuerySet
from articles.richtext import html_to_paragraphs
from articles.text.dates import latest_full_date

CHUNK_SIZE = 1000


class ExportError(Exception):
    """Why an export cannot start or go on, in words for the operator."""


@dataclass(frozen=True)
class ExportFilters:
    """Which articles to export; a filter left out (None) means "all".

    An empty slug is a slug like any other: it matches nothing, and is refused.

    Dates are days in site time, both ends included, on the publication time.
    """

    section: str | None = None
    publisher: str | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None
    published_only: bool = False


def _for_export(queryset: ArticleQuerySet) -> ArticleQuerySet:
    return queryset.for_export()


@dataclass(frozen=True)
class Writer:
    """One export format: the file name's extension and an article's text.

    ``render`` may raise ``plaintext.RenderError`` (or any ValueError) for an
    article the format cannot hold; that article is skipped and reported.
    ``loses_date`` says whether a file will not give the article its publication
    date back on import (the text format has no date line).
    """

    extension: str
    render: Callable[[Article], str]
    prepare: Callable[[ArticleQuerySet], ArticleQuerySet] = _for_export
    loses_date: Callable[[Article], bool] | None = None


def as_parsed(article: Article) -> ParsedArticle:
    """The article as plain data, as a parser would have given it; no queries of its own.

    Reads only what ``for_export()`` fetched.

    The standfirst is the first paragraph (the importer made the first paragraph
    the standfirst), then the body's blocks. The credit is the picture's
    photographer and agency. A related article renamed since its link was
    named is written under its new headline, so a re-import finds it again.
    ``publication_date`` is the article's own day; ``entities`` stay empty (the
    text format carries neither: a parser derives both from the text).
    """
    image = article.lead_image
    lead = None
    if image is not None:
        photographer = image.photographer.name if image.photographer else None
        credit = Credit(photographer=photographer or None, agency=image.agency or None)
        if image.caption.strip() or str(credit):
            lead = ParsedImage(caption=image.caption, credit=credit if str(credit) else None)
    moment = article.published_at
    return ParsedArticle(
        headline=article.headline,
        paragraphs=(article.standfirst, *html_to_paragraphs(article.body)),
        publisher=article.publisher.name,
        copyright_year=article.copyright_year or article.url_date.year,
        lead_image=lead,
        related_headlines=tuple(_related_headline(link) for link in article.related_links.all()),
        publication_date=timezone.localdate(moment) if moment else None,
    )


def _related_headline(link: RelatedLink) -> str:
    target = link.target
    if target is None or (link.headline and link.headline_key == target.headline_key):
        return link.headline
    return target.headline


def render_text(article: Article) -> str:
    return plaintext.render(as_parsed(article))


def text_loses_date(article: Article) -> bool:
    """Whether importing the text file would date the article other than it is.

    The importer dates an article by the latest full date its caption and
    paragraphs name; an article whose text names another day, or none, gets that
    day (or the import's) back instead.
    """
    parsed = as_parsed(article)
    if parsed.publication_date is None:
        return False
    caption = (parsed.lead_image.caption,) if parsed.lead_image else ()
    return latest_full_date((*caption, *parsed.paragraphs)) != parsed.publication_date


def render_ninjs(article: Article) -> str:
    """The article as a ninjs 3.1 document, written stably (import_articles reads it back)."""
    return ninjs.dumps(ninjs.render(article))


def _for_ninjs(queryset: ArticleQuerySet) -> ArticleQuerySet:
    return queryset.for_ninjs().order_by("pk")


WRITERS: dict[str, Writer] = {
    "text": Writer(".txt", render_text, loses_date=text_loses_date),
    # ninjs carries every fact an import needs, its dates included: nothing is lost.
    "ninjs": Writer(".json", render_ninjs, prepare=_for_ninjs),
}


def writer_for(name: str) -> Writer:
    if name in WRITERS:
        return WRITERS[name]
    known = ", ".join(sorted(WRITERS))
    raise ExportError(f"--format {name!r} is not a format; choose one of: {known}.")


def select(filters: ExportFilters) -> ArticleQuerySet:
    """The articles the filters choose, or an ExportError naming a filter that fits nothing."""
    if filters.since and filters.until and filters.since > filters.until:
        raise ExportError(f"--since {filters.since} is after --until {filters.until}.")
    articles = Article.objects.all()
    if filters.published_only:
        articles = articles.published()
    if filters.section is not None:
        section = Section.objects.filter(slug=filters.section).first()
        if section is None:
            raise ExportError(f"--section {filters.section!r}: no section has that slug.")
        articles = articles.in_section(section)
    if filters.publisher is not None:
        publisher = Publisher.objects.filter(slug=filters.publisher).first()
        if publisher is None:
            raise ExportError(f"--publisher {filters.publisher!r}: no publisher has that slug.")
        articles = articles.by_publisher(publisher)
    if filters.since:
        articles = articles.filter(published_at__gte=_start_of(filters.since))
    if filters.until:
        articles = articles.filter(
            published_at__lt=_start_of(filters.until + datetime.timedelta(days=1))
        )
    return articles


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def prepare_directory(path: Path) -> Path:
    """``path``, created if missing, once a file could be written in it."""
    if path.exists() and not path.is_dir():
        raise ExportError(f"{path} is a file, not a directory.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the directory {path}: {exc.strerror or exc}.") from exc
    probe = path / f".export-probe-{secrets.token_hex(4)}"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        raise ExportError(f"cannot write in {path}: {exc.strerror or exc}.") from exc
    return path


def file_name(article: Article, writer: Writer) -> str:
    return f"{article.uuid}{writer.extension}"


def write_file(path: Path, data: bytes) -> bool:
    """Put ``data`` at ``path`` whole, or leave what was there; False when already equal.

    A reader (or an importer running alongside) sees the old file or the new
    one, never half of one: the bytes go to a hidden temporary file in the same
    directory, which is then renamed over the target. An interrupted write
    removes its temporary file.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        # os.open with 0o666 leaves the mode to the umask, as any new file's.
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as f:
            f.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


@dataclass
class ExportReport:
    """What an export did: files written, files already up to date, articles skipped."""

    written: int = 0
    unchanged: int = 0
    skipped: list[tuple[Article, str]] = field(default_factory=list)
    dates_lost: int = 0


def export(
    articles: ArticleQuerySet,
    directory: Path,
    writer: Writer,
    *,
    chunk_size: int = CHUNK_SIZE,
    on_skip: Callable[[Article, str], None] | None = None,
) -> ExportReport:
    """Write one file per article into ``directory`` (see ``prepare_directory``)."""
    report = ExportReport()
    for article in writer.prepare(articles).iterator(chunk_size=chunk_size):
        try:
            data = writer.render(article).encode("utf-8")
        except ValueError as exc:
            report.skipped.append((article, str(exc)))
            if on_skip:
                on_skip(article, str(exc))
            continue
        path = directory / file_name(article, writer)
        try:
            changed = write_file(path, data)
        except OSError as exc:
            raise ExportError(
                f"cannot write {path}: {exc.strerror or exc} "
                f"({report.written} files written before it)."
            ) from exc
        if changed:
            report.written += 1
        else:
            report.unchanged += 1
        if writer.loses_date and writer.loses_date(article):
            report.dates_lost += 1
    return report
