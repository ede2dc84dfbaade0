"""The plain data every interchange format parses into.

Parsers return these frozen dataclasses and never touch the database; the
importer turns them into models. Keeping this contract apart from any one format
lets the plain-text export, and later ninjs, feed the same importer.
"""

from __future__ import annotations

import datetime
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


@dataclass(frozen=True)
class Entities:
    """Names an article mentions, in order of first mention, without repeats."""

    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedArticle:
    """One article, exactly as its source says it.

    ``paragraphs`` are plain text as written (quotes, dashes, accents kept);
    ``publication_date`` is the latest full date the caption or body names, or
    ``None`` when it names none.
    """

    headline: str
    paragraphs: tuple[str, ...]
    publisher: str
    copyright_year: int
    lead_image: ParsedImage | None = None
    related_headlines: tuple[str, ...] = ()
    publication_date: datetime.date | None = None
    entities: Entities = field(default_factory=Entities)
