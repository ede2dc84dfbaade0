"""RSS 2.0 and Atom writers that carry every byline, the update time and the lead picture.

Django's generators write one author per entry, no update time in RSS and no
Media RSS; a news feed needs all of them. These subclasses add only that, from
two extra item fields that ``articles.feeds`` passes: ``authors`` (each a name
and a profile address, in byline order) and ``picture`` (a ``Picture`` or None).
"""

from dataclasses import dataclass
from typing import Any

from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from django.utils.xmlutils import SimplerXMLGenerator

DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"
MEDIA_RSS = "http://search.yahoo.com/mrss/"


@dataclass(frozen=True)
class Picture:
    """The lead picture as a feed describes it; ``url`` is absolute."""

    url: str
    mime_type: str
    length: int
    width: int | None
    height: int | None
    credit: str
    caption: str

    @property
    def enclosure(self) -> Enclosure:
        return Enclosure(self.url, str(self.length), self.mime_type)


def add_media_content(handler: SimplerXMLGenerator, picture: Picture) -> None:
    """``<media:content>`` with the picture's size, credit and caption (Media RSS 1.5)."""
    attributes = {"url": picture.url, "type": picture.mime_type, "medium": "image"}
    attributes["fileSize"] = str(picture.length)
    if picture.width and picture.height:
        attributes.update(width=str(picture.width), height=str(picture.height))
    handler.startElement("media:content", attributes)
    if picture.credit:
        handler.addQuickElement("media:credit", picture.credit, {"role": "photographer"})
    if picture.caption:
        handler.addQuickElement("media:description", picture.caption, {"type": "plain"})
    handler.endElement("media:content")


class WithPicture:
    """Encloses the ``picture`` an item is given: RSS ``<enclosure>``, Atom ``rel="enclosure"``."""

    def add_item(self, *args: Any, picture: Picture | None = None, **kwargs: Any) -> None:
        if picture is not None:
            kwargs["enclosures"] = [picture.enclosure]
        super().add_item(*args, picture=picture, **kwargs)


class NewsRss(WithPicture, Rss201rev2Feed):
    """RSS 2.0 with a ``dc:creator`` per byline, ``atom:updated`` and ``media:content``."""

    format = "rss"

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:dc": DUBLIN_CORE, "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict) -> None:
        super().add_item_elements(handler, item)
        for name, _ in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item["picture"] is not None:
            add_media_content(handler, item["picture"])


class NewsAtom(WithPicture, Atom1Feed):
    """Atom with an ``<author>`` per byline and ``media:content`` beside the enclosure link."""

    format = "atom"

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict) -> None:
        super().add_item_elements(handler, item)
        for name, address in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", address)
            handler.endElement("author")
        if item["picture"] is not None:
            add_media_content(handler, item["picture"])
