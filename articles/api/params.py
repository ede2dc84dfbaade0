"""The list's query parameters, checked by name: a wrong one is a 400 saying why.

``limit`` (1–100, default ``PAGE_SIZE``), ``cursor`` (from a page's ``next``),
``section=<slug>``, ``tag=<kind>/<slug>`` or ``tag=<slug>``, ``author=<slug>`` and
``since=<ISO 8601 timestamp>``. Unknown or repeated parameters are refused too: a
typo that silently lists everything would mislead a client.
"""

import base64
import binascii
import datetime
import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils import timezone

from articles.models import Tag

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
KNOWN = ("limit", "cursor", "section", "tag", "author", "since")
# A value longer than this is shown cut short in a message.
SHOWN_CHARACTERS = 40
_SLUG = re.compile(r"[-\w]+")
# The tag kinds by the word the site's addresses use and by their own name.
_KINDS = {**Tag.KINDS_BY_PATH_WORD, **{k: k for k in Tag.Kind}}


class BadParameter(ValueError):
    """A query parameter the API cannot use, with the reason a client reads."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last article's publication time and id."""

    published_at: datetime.datetime
    pk: int

    def encode(self) -> str:
        raw = f"{self.published_at.isoformat()}_{self.pk}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            moment, pk = raw.rsplit("_", 1)
            published_at = datetime.datetime.fromisoformat(moment)
            number = int(pk)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise BadParameter(
                "cursor", "is not a cursor this API gave: follow a page's “next” link."
            ) from None
        if timezone.is_naive(published_at) or number < 1:
            raise BadParameter(
                "cursor", "is not a cursor this API gave: follow a page's “next” link."
            )
        return cls(_in_range("cursor", published_at), number)


@dataclass(frozen=True)
class ListQuery:
    limit: int = PAGE_SIZE
    cursor: Cursor | None = None
    section: str | None = None
    tag_kind: str | None = None
    tag: str | None = None
    author: str | None = None
    since: datetime.datetime | None = None


def list_query(query: QueryDict) -> ListQuery:
    """The list parameters of a request's query string; raises ``BadParameter``."""
    for name in query:
        if name not in KNOWN:
            raise BadParameter(name, f"is not a parameter of this list; use {', '.join(KNOWN)}.")
        if len(query.getlist(name)) > 1:
            raise BadParameter(name, "is given more than once; give it once.")
    values = {name: query[name] for name in query}
    tag_kind, tag = _tag(values["tag"]) if "tag" in values else (None, None)
    return ListQuery(
        limit=_limit(values["limit"]) if "limit" in values else PAGE_SIZE,
        cursor=Cursor.decode(values["cursor"]) if "cursor" in values else None,
        section=_slug("section", values["section"]) if "section" in values else None,
        tag_kind=tag_kind,
        tag=tag,
        author=_slug("author", values["author"]) if "author" in values else None,
        since=_since(values["since"]) if "since" in values else None,
    )


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…"


def _limit(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value[:4]) <= MAX_PAGE_SIZE:
        raise BadParameter("limit", f"“{_shown(value)}” is not a number from 1 to {MAX_PAGE_SIZE}.")
    return int(value)


def _slug(name: str, value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise BadParameter(name, f"“{_shown(value)}” is not a slug (letters, digits, hyphens).")
    return value


def _tag(value: str) -> tuple[str | None, str]:
    if "/" not in value:
        return None, _slug("tag", value)
    word, slug = value.split("/", 1)
    if word not in _KINDS:
        kinds = ", ".join(sorted(Tag.Kind))
        raise BadParameter("tag", f"“{_shown(word)}” is not a kind of tag; use {kinds}.")
    return _KINDS[word], _slug("tag", slug)


def _since(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        hint = " A “+” in a query string reads as a space: write it as %2B." if " " in value else ""
        raise BadParameter(
            "since",
            f"“{_shown(value)}” is not an ISO 8601 timestamp such as "
            f"2026-02-03T11:00:00+01:00.{hint}",
        ) from None
    if timezone.is_naive(moment):
        # A time without an offset is the site's time, as the site shows it.
        moment = timezone.make_aware(moment)
    return _in_range("since", moment)


def _in_range(name: str, moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC, as the database compares it; year 1 in Brussels is before year 1."""
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise BadParameter(name, f"{moment.isoformat()} is out of range.") from None
