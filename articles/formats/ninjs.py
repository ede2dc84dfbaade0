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
  ``versionCreated`` its last change (never before publication), ``contentCreated``
  when the newsroom created it, given only when that came before publication: an
  old export imported today was not written today. Times are ISO 8601 in the
  site's time zone, to the second, with the offset.
- ``pubStatus`` is ``usable`` for a published article, ``withheld`` otherwise.
- ``people``: the byline authors first, in byline order, ``rel`` their role
  (``reporter``, ``columnist``…), ``uri`` their page, ``literal`` their slug; then
  the tags of kind person, ``rel: about``. ``places``, ``organisations`` and the
  topic ``subjects`` are the other tags (``rel: about``); the section is the first
  subject, ``rel: section``. The publisher is an ``infoSources`` entry
  (``role: publisher``) and the ``copyrightHolder``; ``copyrightNotice`` is the
  article's copyright line, with its year. ``slugline`` is the slug.
- ``descriptions`` holds the standfirst (``role: lead``); ``bodies`` the paragraphs
  after it, as the stored HTML and as plain text.
- ``associations``: the lead picture (``rel: lead``, type picture) with its caption,
  alternative text and credit line as ``descriptions`` (roles ``caption``, ``alt``,
  ``creditline``: ninjs 3.1 has no ``creditLine`` property), ``by`` the credit, the
  photographer in ``people`` (``rel: photographer``), the agency in ``infoSources``
  (``role: agency``), its ``copyrightNotice``, and its renditions (the original
  first, its ``poi`` the focal point in pixels); then each Related News link
  (``rel: related``), named by headline: a link still waiting for its article is
  ``urn:newsportal:related:<article uuid>:<position>``.
"""

import json
import mimetypes
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import to_locale

from articles.addresses import absolute_url
from articles.templatetags.html_dates import datetime_attr
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
    if article.standfirst:
        document["descriptions"] = [
            {"role": "lead", "contentType": "text/plain", "value": article.standfirst}
        ]
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
    changed = max(filter(None, (article.updated_at, published_at)), default=None)
    if changed:
        times["versionCreated"] = datetime_attr(changed)
    if created_at and (published_at is None or created_at <= published_at):
        times["contentCreated"] = datetime_attr(created_at)
    return times


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
