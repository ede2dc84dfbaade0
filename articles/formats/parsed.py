"""The plain data every interchange format parses into.

Parsers return these frozen dataclasses and never touch the database; the
importer turns them into models. Keeping this contract apart from any one format
lets the plain-text export and ninjs feed the same importer.

The plain-text export says less than ninjs: the facts only ninjs carries
(identity, standfirst, HTML body, bylines, tags, section, times, the picture's
copyright and alt text) default to ``None``, which means "the source does not
say" — the importer then derives them as before and leaves what editors set.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field


class ParseError(ValueError):
    """A source that cannot become an article, with the line that shows why.

    ``line`` is 1-based and ``None`` when the problem is the whole input (empty,
    not UTF-8 …). ``str()`` gives the message an operator reads.
    """

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason

    def __reduce__(self) -> tuple:
        # Whole when it comes back from the process that parsed (articles.parse_ahead).
        return (type(self), (self.reason, self.line))


@dataclass(frozen=True)
class Credit:
    """Who made a picture: the photographer and the agency are two facts.

    Either may be missing (``Credit: AFP`` names only an agency).
    """

    photographer: str | None = None
    agency: str | None = None

    def __str__(self) -> str:
        return " / ".join(part for part in (self.photographer, self.agency) if part)


@dataclass(frozen=True)
class ParsedImage:
    """The lead picture as the export describes it: no bytes, only words."""

    caption: str
    credit: Credit | None = None
    # ninjs only: the picture's identity, copyright notice and alternative text.
    uuid: uuid.UUID | None = None
    copyright_notice: str | None = None
    alt_text: str | None = None
    photographer_slug: str | None = None


@dataclass(frozen=True)
class Entities:
    """Names an article mentions, in order of first mention, without repeats."""

    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedPerson:
    """A byline's person as the source names them; matched by name, never by slug."""

    name: str
    organisation: str = ""
    # An Author.Role value, for a person not yet stored; the slug the source used, if free.
    role: str | None = None
    slug: str | None = None


@dataclass(frozen=True)
class ParsedTag:
    """A tag the source assigns; ``kind`` is a Tag.Kind value (topic, person, place …)."""

    kind: str
    name: str
    slug: str | None = None


@dataclass(frozen=True)
class ParsedArticle:
    """One article, exactly as its source says it.

    ``paragraphs`` are plain text as written (quotes, dashes, accents kept);
    ``publication_date`` is the latest full date the caption or body names, or
    ``None`` when it names none.

    When ``standfirst`` is ``None`` the first paragraph is the standfirst (the
    plain-text layout); otherwise every paragraph is body. ``body_html``, when
    given, is the body as the source's HTML (cleaned by the importer) and the
    paragraphs are only its text. ``tags`` given means exactly those tags;
    ``None`` means tags found in the text. ``bylines`` and ``section`` given
    replace the article's; ``None`` leaves them to editors.
    """

    headline: str
    paragraphs: tuple[str, ...]
    publisher: str
    copyright_year: int | None
    lead_image: ParsedImage | None = None
    related_headlines: tuple[str, ...] = ()
    publication_date: datetime.date | None = None
    entities: Entities = field(default_factory=Entities)
    uuid: uuid.UUID | None = None
    standfirst: str | None = None
    body_html: str | None = None
    bylines: tuple[ParsedPerson, ...] | None = None
    tags: tuple[ParsedTag, ...] | None = None
    section: str | None = None
    language: str | None = None
    # False: the source says the article is not published (ninjs pubStatus withheld).
    published: bool | None = None
    # Slugs the source used, taken for new rows when free (never to match anything).
    slug: str | None = None
    section_slug: str | None = None
    publisher_slug: str | None = None
    content_created: datetime.datetime | None = None
    first_created: datetime.datetime | None = None
    version_created: datetime.datetime | None = None
