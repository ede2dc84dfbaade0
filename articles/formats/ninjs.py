"""IPTC ninjs 3.1 ("News in JSON"): an article as the news industry's JSON document.

``render()`` is pure: it reads an article loaded by ``Article.objects.for_ninjs()``
(bylines, tags, section, publisher, lead picture and related links prefetched) and
returns a dict, asking the database nothing. ``dumps()`` writes a document the
same way every time, so an export read back and written again is byte-identical.

The document carries what an import needs to rebuild the article:

- ``uri`` is ``urn:newsportal:article:<uuid>``: the article's UUID never changes,
  whatever its slug, headline or the site's address (``SITE_URL``) become, and it
  is not enumerable. The lead picture is ``urn:newsportal:image:<uuid>``. The
  reader's page is the ``canonical`` rendition (``text/html``); ninjs 3.1 has no
  ``links`` property, and its root allows no ``$schema`` key, so the version is
  told in ``standard``.
- ``firstCreated`` is when the article was published (absent while it never was),
  ``versionCreated`` its last change or correction (never before publication),
  ``contentCreated`` when the newsroom created it, given only when that came before
  publication: an old export imported today was not written today. Times are ISO 8601 in the
  site's time zone, to the second, with the offset.
- ``pubStatus`` is ``usable`` for a published article, ``withheld`` otherwise.
- ``people``: the byline authors first, in byline order, ``rel`` their role
  (``reporter``, ``columnist``…), ``uri`` their page, ``literal`` their slug; then
  the tags of kind person, ``rel: about``. ``places``, ``organisations`` and the
  topic ``subjects`` are the other tags (``rel: about``); the section is the first
  subject, ``rel: section``. The publisher is an ``infoSources`` entry
  (``role: publisher``) and the ``copyrightHolder``; ``copyrightNotice`` is the
  article's copyright line, with its year. ``slugline`` is the slug.
- ``descriptions`` holds the standfirst (``role: lead``), then each public correction
  as readers read it ("Correction, 4 February 2026: …", ``role: correction``): ninjs
  has no property for corrections, and a description is metadata about the text,
  where a body would be taken for part of it. ``versionCreated`` counts the newest
  correction as a change. An import reads no corrections back (they are the
  newsroom's, made in the admin). ``bodies`` holds the paragraphs after the
  standfirst, as the stored HTML and as plain text.
- ``associations``: the lead picture (``rel: lead``, type picture) with its caption,
  alternative text and credit line as ``descriptions`` (roles ``caption``, ``alt``,
  ``creditline``: ninjs 3.1 has no ``creditLine`` property), ``by`` the credit, the
  photographer in ``people`` (``rel: photographer``), the agency in ``infoSources``
  (``role: agency``), its ``copyrightNotice``, and its renditions (the original
  first, its ``poi`` the focal point in pixels); then each Related News link
  (``rel: related``), named by headline: a link still waiting for its article is
  ``urn:newsportal:related:<article uuid>:<position>``.
"""

import datetime
import functools
import json
import mimetypes
import re
import uuid
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import to_locale
from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from articles.addresses import absolute_url
from articles.formats.parsed import (
    Credit,
    ParsedArticle,
    ParsedImage,
    ParsedPerson,
    ParsedTag,
    ParseError,
)
from articles.templatetags.html_dates import datetime_attr
from articles.text.credits import credit_from
from articles.text.reading import word_count

if TYPE_CHECKING:
    from articles.models import Article, Image, RelatedLink

NINJS_VERSION = "3.1"
SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
# The IPTC's schema, copied unchanged (CC BY 4.0; see standards/README.md).
SCHEMA_PATH = Path(__file__).resolve().parent / "standards" / "ninjs-schema_3.1.json"

ARTICLE_URI_PREFIX = "urn:newsportal:article:"
IMAGE_URI_PREFIX = "urn:newsportal:image:"
RELATED_URI_PREFIX = "urn:newsportal:related:"

# ``rel`` of what the article is tagged with, and of its section among the subjects.
TAG_REL = "about"
SECTION_REL = "section"
LEAD_PICTURE_REL = "lead"
RELATED_REL = "related"
CANONICAL_RENDITION = "canonical"
# ninjs has no corrections property: each public correction is a description of this role.
CORRECTION_ROLE = "correction"

# Tag kinds and the ninjs array each goes to.
TAG_ARRAYS = {
    "topic": "subjects",
    "person": "people",
    "place": "places",
    "organisation": "organisations",
}


def article_uri(article: "Article") -> str:
    """The article's ninjs ``uri``: stable across slugs, headlines and site addresses."""
    return f"{ARTICLE_URI_PREFIX}{article.uuid}"


def render(article: "Article") -> dict[str, Any]:
    """The article as a ninjs 3.1 document; no queries beyond what ``for_ninjs()`` loaded."""
    published = article.status == "published"
    page = absolute_url(article.get_absolute_url())
    document: dict[str, Any] = {
        "uri": article_uri(article),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": SCHEMA_URI},
        "type": "text",
        "representationType": "full",
        "profile": "text-photo" if article.lead_image_id else "text-only",
        "pubStatus": "usable" if published else "withheld",
        "language": _language(),
        "slugline": article.slug,
        "headlines": [{"role": "main", "contentType": "text/plain", "value": article.headline}],
        "by": _byline(article),
        "copyrightHolder": article.publisher.name,
        "copyrightNotice": article.copyright_line,
        "infoSources": [
            {
                "name": article.publisher.name,
                "role": "publisher",
                "uri": absolute_url(article.publisher.get_absolute_url()),
                "literal": article.publisher.slug,
            }
        ],
        "renditions": [
            {
                "name": CANONICAL_RENDITION,
                "href": page,
                "contentType": "text/html",
                "title": article.headline,
            }
        ],
    }
    document.update(_times(article))
    descriptions = _descriptions(article)
    if descriptions:
        document["descriptions"] = descriptions
    if article.body:
        document["bodies"] = _bodies(article.body)
    document.update(_people_and_tags(article))
    associations = []
    if article.lead_image_id:
        associations.append(_picture(article.lead_image))
    associations.extend(_related(article, link) for link in article.related_links.all())
    if associations:
        document["associations"] = associations
    return document


def dumps(document: dict[str, Any]) -> str:
    """A document as text, written the same way every time.

    Keys sorted, two-space indent, characters as they are (``ensure_ascii=False``)
    and a closing newline: the export writes files with it, and reading one back and
    writing it again gives the same bytes.
    """
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def load_schema() -> dict[str, Any]:
    """The IPTC ninjs 3.1 JSON Schema (draft 2020-12), as shipped with the code."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _language() -> str:
    """The site's language as a BCP 47 tag: ``en-gb`` → ``en-GB``."""
    return to_locale(settings.LANGUAGE_CODE).replace("_", "-")


def _byline(article: "Article") -> str:
    """ "By" as the page reads it: "A, B and C", or the publisher with no author."""
    names = [author.name for author in article.byline_authors]
    if not names:
        return article.publisher.name
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _times(article: "Article") -> dict[str, str]:
    times = {}
    published_at, created_at = article.published_at, article.created_at
    if published_at:
        times["firstCreated"] = datetime_attr(published_at)
    changed = version_created(article)
    if changed:
        times["versionCreated"] = datetime_attr(changed)
    if created_at and (published_at is None or created_at <= published_at):
        times["contentCreated"] = datetime_attr(created_at)
    return times


def version_created(article: "Article") -> datetime.datetime | None:
    """``versionCreated``: the last edit or correction, never before publication."""
    moments = (article.updated_at, article.corrected_at, article.published_at)
    return max(filter(None, moments), default=None)


def _descriptions(article: "Article") -> list[dict[str, str]]:
    """The standfirst (``role: lead``), then each public correction (``role: correction``)."""
    descriptions = []
    if article.standfirst:
        descriptions.append(
            {"role": "lead", "contentType": "text/plain", "value": article.standfirst}
        )
    descriptions.extend(
        {"role": CORRECTION_ROLE, "contentType": "text/plain", "value": correction.note}
        for correction in article.shown_corrections
    )
    return descriptions


def _bodies(html: str) -> list[dict[str, Any]]:
    text = plain_text(html)
    counts = {"charCount": len(text), "wordCount": word_count(text)}
    return [
        {"role": "main", "contentType": "text/html", "value": html, **counts},
        {"role": "main", "contentType": "text/plain", "value": text, **counts},
    ]


def _people_and_tags(article: "Article") -> dict[str, list[dict[str, str]]]:
    arrays: dict[str, list[dict[str, str]]] = {}
    for author in article.byline_authors:
        arrays.setdefault("people", []).append(_person(author, author.role))
    if article.section_id:
        section = article.section
        arrays.setdefault("subjects", []).append(
            {
                "name": section.name,
                "rel": SECTION_REL,
                "uri": absolute_url(section.get_absolute_url()),
                "literal": section.slug,
            }
        )
    for tag in article.tags.all():
        arrays.setdefault(TAG_ARRAYS[tag.kind], []).append(
            {
                "name": tag.name,
                "rel": TAG_REL,
                "uri": absolute_url(tag.get_absolute_url()),
                "literal": tag.slug,
            }
        )
    return arrays


def _person(author: Any, rel: str) -> dict[str, str]:
    return {
        "name": author.name,
        "rel": rel,
        "uri": absolute_url(author.get_absolute_url()),
        "literal": author.slug,
    }


def _picture(image: "Image") -> dict[str, Any]:
    picture: dict[str, Any] = {
        "name": image.alt_text or image.caption or "Lead picture",
        "rel": LEAD_PICTURE_REL,
        "uri": f"{IMAGE_URI_PREFIX}{image.uuid}",
        "type": "picture",
    }
    descriptions = [
        {"role": role, "contentType": "text/plain", "value": value}
        for role, value in (
            ("caption", image.caption),
            ("alt", image.alt_text),
            ("creditline", image.credit),
        )
        if value
    ]
    if descriptions:
        picture["descriptions"] = descriptions
    if image.credit:
        picture["by"] = image.credit
    if image.photographer_id:
        picture["people"] = [_person(image.photographer, "photographer")]
    if image.agency:
        picture["infoSources"] = [{"name": image.agency, "role": "agency"}]
    if image.copyright_notice:
        picture["copyrightNotice"] = image.copyright_notice
    renditions = _picture_renditions(image)
    if renditions:
        picture["renditions"] = renditions
    return picture


def _picture_renditions(image: "Image") -> list[dict[str, Any]]:
    """The original file, then every stored rendition: read from the list, no storage call."""
    if not image.file:
        return []
    url = image.file.storage.url
    original: dict[str, Any] = {"name": "original", "href": absolute_url(image.file.url)}
    content_type = mimetypes.guess_type(image.file.name)[0]
    if content_type:
        original["contentType"] = content_type
    if image.width and image.height:
        original["width"] = image.width
        original["height"] = image.height
        original["poi"] = {
            "x": round(image.width * image.focal_x / 100),
            "y": round(image.height * image.focal_y / 100),
        }
    made = sorted(image.renditions, key=lambda r: (r["crop"], r["format"], r["width"], r["height"]))
    return [original] + [
        {
            "name": f"{'card-' if record['crop'] else ''}{record['format']}-{record['width']}",
            "href": absolute_url(url(record["name"])),
            "contentType": f"image/{record['format']}",
            "width": record["width"],
            "height": record["height"],
        }
        for record in made
    ]


def _related(article: "Article", link: "RelatedLink") -> dict[str, Any]:
    """A Related News link: the article it reaches, or the headline still waiting for one."""
    target = link.target
    if target is None:
        return {
            "name": link.headline,
            "rel": RELATED_REL,
            "uri": f"{RELATED_URI_PREFIX}{article.uuid}:{link.position}",
            "type": "text",
        }
    return {
        "name": target.headline,
        "rel": RELATED_REL,
        "uri": article_uri(target),
        "type": "text",
        "renditions": [
            {
                "name": CANONICAL_RENDITION,
                "href": absolute_url(target.get_absolute_url()),
                "contentType": "text/html",
                "title": target.headline,
            }
        ],
    }


# Elements after which plain text starts a new paragraph, or a new line.
_BLOCKS = frozenset({"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li"})


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []

    def _close(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCKS:
            self._close()
        elif tag == "br":
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        self.current.append(data)


def plain_text(html: str) -> str:
    """Body HTML as plain text: one paragraph (heading, quote, list item) per block,
    a blank line between, spaces collapsed, entities decoded."""
    parser = _PlainText()
    parser.feed(html)
    parser.close()
    parser._close()
    return "\n\n".join(parser.blocks)


# ---------------------------------------------------------------------------
# Reading ninjs: parse() (the import's half, kept apart from render above).
#
# A document is checked in this order, and the first problem is the one told:
# JSON at all, an object, a text item, valid against the IPTC schema (its first
# error, with the JSON path), text a database can store, then the facts the
# portal needs (a headline, a publisher) and their lengths. What render() writes
# is read back exactly; a foreign ninjs text item (the IPTC's own example) is
# read by the same rules with the fallbacks noted where they apply.
# ---------------------------------------------------------------------------

MAX_HEADLINE_LENGTH = 300
MAX_NAME_LENGTH = 200
MAX_SECTION_LENGTH = 100
MAX_AGENCY_LENGTH = 100
MAX_NOTICE_LENGTH = 200
MAX_ALT_LENGTH = 300
_AUTHOR_ROLES = frozenset({"reporter", "photographer", "editor", "columnist", "contributor"})
# Geometry is not read: the GeoJSON schema a place may point to is accepted as it is.
_GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
_YEAR = re.compile(r"\b(1[0-9]{3}|2[0-9]{3})\b")
# The year after "Copyright", "©" or "(c)" (the last of a range), before any name with digits.
_COPYRIGHT_YEAR = re.compile(
    r"(?:copyright|©|\(c\))\s*(?:©|\(c\))?\s*(?:\d{4}\s*[-–]\s*)?(\d{4})\b", re.IGNORECASE
)
_BY_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
_BY_SEPARATORS = re.compile(r"\s+(?:and|&)\s+|\s*;\s*")
_BLANK_LINES = re.compile(r"\n\s*\n")


@functools.cache
def _validator() -> Draft202012Validator:
    schema = load_schema()
    registry = Registry().with_resource(
        _GEOJSON_URI, Resource.from_contents({}, default_specification=DRAFT202012)
    )
    return Draft202012Validator(schema, registry=registry)


def parse(text: str) -> ParsedArticle:
    """A ninjs text item as the portal's article, or a ParseError saying what is wrong."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ParseError("the file holds only whitespace" if text else "the file is empty")
    try:
        document = json.loads(text)
    except RecursionError:
        raise ParseError("not JSON the importer can read: nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ParseError(f"not JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except ValueError as exc:
        raise ParseError(f"not JSON the importer can read: {exc}") from None
    if not isinstance(document, dict):
        raise ParseError(f"not a ninjs document: the JSON is {_json_type(document)}, not an object")
    kind = document.get("type")
    if isinstance(kind, str) and kind != "text":
        raise ParseError(f'not a ninjs text item: its type is "{kind}"')
    _check_schema(document)
    _check_storable(document, "$")
    return _article(document)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _check_schema(document: dict[str, Any]) -> None:
    try:
        error = best_match(_validator().iter_errors(document))
    except RecursionError:
        raise ParseError("not a ninjs document the importer can read: nested too deeply") from None
    except Unresolvable as exc:
        reason = f"not a ninjs document: it refers to a schema not known here ({exc})"
        raise ParseError(reason) from None
    if error is not None:
        raise ParseError(f"not a valid ninjs 3.1 document: {_reason(error)}")


def _reason(error: ValidationError) -> str:
    """The schema's complaint as an operator reads it: where, and what was expected."""
    where = error.json_path
    value = error.instance
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{where} must be {_article_of(expected)}, not {_json_type(value)}"
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in value]
        return f'{where} has no "{missing[0] if missing else error.validator_value[0]}"'
    if error.validator == "enum":
        allowed = ", ".join(json.dumps(item) for item in error.validator_value)
        return f"{where} is {_shown(value)}; it must be one of {allowed}"
    if error.validator in ("unevaluatedProperties", "additionalProperties"):
        return f"{where}: {error.message}"
    if error.validator in ("minimum", "maximum"):
        return f"{where} is {_shown(value)}; the {error.validator} is {error.validator_value}"
    return f"{where}: {_shown(error.message, 200)}"


def _article_of(json_type: str) -> str:
    return {"object": "an object", "array": "an array", "integer": "an integer"}.get(
        json_type, f"a {json_type}"
    )


def _shown(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_storable(value: Any, where: str) -> None:
    """Refuse text no database stores: a NUL, or a lone surrogate (both valid JSON escapes)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(f"{where} holds a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError(
                f"{where} holds U+{ord(value[exc.start]):04X}, which is not a character"
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_storable(key, where)
            _check_storable(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_storable(item, f"{where}[{index}]")


def _limited(text: str, limit: int, where: str, what: str) -> str:
    if len(text) > limit:
        raise ParseError(f"{where}: {what} is {len(text)} characters long; the limit is {limit}")
    return text


def _role_value(items: list[dict[str, Any]], *roles: str) -> tuple[int, str] | None:
    """The first item with one of these roles (in that order of preference), as (index, value)."""
    for role in roles:
        for index, item in enumerate(items):
            if item.get("role") == role and item.get("value", "").strip():
                return index, item["value"]
    return None


def _article(document: dict[str, Any]) -> ParsedArticle:
    headlines = document.get("headlines", [])
    found = _role_value(headlines, "main", None)
    if found is None:
        raise ParseError('no headline: "headlines" holds no headline with text')
    index, headline = found
    headline = _limited(
        " ".join(headline.split()), MAX_HEADLINE_LENGTH, f"$.headlines[{index}]", "the headline"
    )

    publisher, publisher_slug = _publisher(document)
    standfirst, paragraphs, body_html = _text(document)
    people = document.get("people", [])
    bylines = tuple(
        ParsedPerson(
            name=_limited(person["name"].strip(), MAX_NAME_LENGTH, f"$.people[{i}]", "the name"),
            role=person["rel"] if person.get("rel") in _AUTHOR_ROLES else None,
            slug=person.get("literal"),
        )
        for i, person in enumerate(people)
        if person.get("rel") != TAG_REL and person.get("name", "").strip()
    ) or _by_line(document.get("by", ""), publisher)
    section = next(
        (s for s in document.get("subjects", []) if s.get("rel") == SECTION_REL and s.get("name")),
        None,
    )
    return ParsedArticle(
        headline=headline,
        paragraphs=paragraphs,
        publisher=publisher,
        copyright_year=_copyright_year(document.get("copyrightNotice", "")),
        lead_image=_lead_picture(document.get("associations", [])),
        related_headlines=tuple(
            " ".join(item["name"].split())
            for item in document.get("associations", [])
            if item.get("rel") == RELATED_REL and item.get("name", "").strip()
        ),
        uuid=_uuid(document["uri"], ARTICLE_URI_PREFIX),
        standfirst=standfirst,
        body_html=body_html,
        bylines=bylines,
        tags=_tags(document),
        section=_limited(section["name"].strip(), MAX_SECTION_LENGTH, "$.subjects", "the section")
        if section
        else None,
        section_slug=section.get("literal") if section else None,
        language=document.get("language"),
        published=document.get("pubStatus", "usable") == "usable",
        slug=document.get("slugline"),
        publisher_slug=publisher_slug,
        first_created=_time(document, "firstCreated"),
        version_created=_time(document, "versionCreated"),
        content_created=_time(document, "contentCreated"),
    )


def _publisher(document: dict[str, Any]) -> tuple[str, str | None]:
    """The copyright holder, else the publisher among the sources, else the uri's site."""
    source = next((s for s in document.get("infoSources", []) if s.get("role") == "publisher"), {})
    name = (document.get("copyrightHolder") or source.get("name") or "").strip()
    where = "$.copyrightHolder"
    if not name:
        # A foreign item naming no holder (the IPTC's example): its site published it.
        name = urlsplit(document["uri"]).hostname or ""
        where = "$.uri"
    if not name:
        raise ParseError('no publisher: the document has no "copyrightHolder"')
    name = _limited(" ".join(name.split()), MAX_NAME_LENGTH, where, "the publisher")
    slug = source.get("literal") if source.get("name", "").strip() == name else None
    return name, slug


def _copyright_year(notice: str) -> int | None:
    """The notice's year: the one after the copyright sign, else the first it names."""
    found = _COPYRIGHT_YEAR.search(notice) or _YEAR.search(notice)
    return int(found[1]) if found else None


def _text(document: dict[str, Any]) -> tuple[str | None, tuple[str, ...], str | None]:
    """Standfirst, plain paragraphs and HTML body. HTML wins over plain text; NITF is not read."""
    lead = _role_value(document.get("descriptions", []), "lead", "summary", None)
    standfirst = " ".join(lead[1].split()) if lead else None
    bodies = document.get("bodies", [])
    html = next((b["value"] for b in bodies if b.get("contentType") == "text/html"), None)
    if html is not None:
        return (standfirst if standfirst is not None else ""), (), html
    plain = next((b["value"] for b in bodies if b.get("contentType") in ("text/plain", None)), "")
    text = plain.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = tuple(
        joined for block in _BLANK_LINES.split(text) if (joined := " ".join(block.split()))
    )
    return standfirst, paragraphs, None


def _by_line(by: str, publisher: str) -> tuple[ParsedPerson, ...]:
    """People from a free-text "by": "By A and B, Agency" → A and B (of the agency).

    Only for documents without byline people; render() writes the publisher's
    name as "by" when an article has no author, which names nobody.
    """
    by = _BY_PREFIX.sub("", " ".join(by.split()))
    if not by or by == publisher:
        return ()
    people = []
    for part in _BY_SEPARATORS.split(by):
        name, _, organisation = part.partition(",")
        name = name.strip()
        if name and name not in (person.name for person in people):
            people.append(
                ParsedPerson(
                    name=_limited(name, MAX_NAME_LENGTH, "$.by", "a name"),
                    organisation=_limited(
                        organisation.strip(), MAX_NAME_LENGTH, "$.by", "an organisation"
                    ),
                )
            )
    return tuple(people)


def _tags(document: dict[str, Any]) -> tuple[ParsedTag, ...]:
    tags = []
    for kind, array in TAG_ARRAYS.items():
        for item in document.get(array, []):
            rel = item.get("rel")
            if array == "people" and rel != TAG_REL:
                continue  # a byline's author
            if rel == SECTION_REL:
                continue
            name = " ".join(item.get("name", "").split())
            if name:
                tags.append(ParsedTag(kind=kind, name=name, slug=item.get("literal")))
    return tuple(tags)


def _lead_picture(associations: list[dict[str, Any]]) -> ParsedImage | None:
    pictures = [a for a in associations if a.get("type") == "picture"]
    picture = next((a for a in pictures if a.get("rel") == LEAD_PICTURE_REL), None)
    if picture is None and pictures:
        picture = pictures[0]
    if picture is None:
        return None
    index = associations.index(picture)
    where = f"$.associations[{index}]"
    descriptions = picture.get("descriptions", [])
    caption = _role_value(descriptions, "caption", None)
    alt = _role_value(descriptions, "alt")
    photographer = next(
        (
            p
            for p in picture.get("people", [])
            if p.get("rel") == "photographer" and p.get("name", "").strip()
        ),
        None,
    )
    agency = next(
        (
            s
            for s in picture.get("infoSources", [])
            if s.get("role") == "agency" and s.get("name", "").strip()
        ),
        None,
    )
    credit = None
    if photographer or agency:
        credit = Credit(
            photographer=_limited(
                photographer["name"].strip(), MAX_NAME_LENGTH, where, "the photographer"
            )
            if photographer
            else None,
            agency=_limited(agency["name"].strip(), MAX_AGENCY_LENGTH, where, "the agency")
            if agency
            else None,
        )
    elif picture.get("by", "").strip():
        # A foreign picture's "by" is its credit line: "Photographer / Agency".
        credit = credit_from(picture["by"])
    return ParsedImage(
        caption=caption[1].strip() if caption else "",
        credit=credit,
        uuid=_uuid(picture["uri"], IMAGE_URI_PREFIX),
        copyright_notice=_limited(
            picture.get("copyrightNotice", "").strip(),
            MAX_NOTICE_LENGTH,
            where,
            "the copyright notice",
        ),
        alt_text=_limited(alt[1].strip(), MAX_ALT_LENGTH, where, "the alternative text")
        if alt
        else "",
        photographer_slug=photographer.get("literal") if photographer else None,
    )


def _uuid(uri: str, prefix: str) -> uuid.UUID | None:
    """The UUID of a portal uri (``urn:newsportal:article:<uuid>``); None for any other uri."""
    if not uri.startswith(prefix):
        return None
    try:
        return uuid.UUID(uri.removeprefix(prefix))
    except ValueError:
        raise ParseError(
            f'$.uri: "{_shown(uri)}" names no article: not a UUID after the prefix'
        ) from None


def _time(document: dict[str, Any], name: str) -> datetime.datetime | None:
    value = document.get(name)
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise ParseError(f'$.{name}: "{_shown(value)}" is not a date and time (ISO 8601)') from None
    if moment.tzinfo is None:
        raise ParseError(f'$.{name}: "{_shown(value)}" has no time zone offset')
    return moment
