"""The picture a shared link shows, and the site's own logo: never none, never SVG.

Social networks and search engines fetch these by full address and take no
SVG, so the fallbacks are the PNGs in static/img/ (drawn by
docs/share_images.py). Everything is read from what the article page has
loaded already: no queries, and no storage access beyond the static manifest.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.templatetags.static import static

from articles.addresses import absolute_url
from articles.renditions import JPEG

if TYPE_CHECKING:
    from articles.models import Article, Image, Publisher

# A share picture's widest JPEG rendition up to this: large enough for the
# networks' large cards (1200 px), small enough for their file size limits.
SHARE_WIDTH = 1280


@dataclass(frozen=True)
class SiteImage:
    """A picture in static/ whose size is known without opening it."""

    path: str
    width: int
    height: int

    @property
    def url(self) -> str:
        """Full address, with the manifest's hashed name in production."""
        return absolute_url(static(self.path))


SITE_SHARE_IMAGE = SiteImage("img/share.png", 1200, 630)
SITE_LOGO = SiteImage("img/logo.png", 512, 512)


@dataclass(frozen=True)
class ShareImage:
    """What og:image and twitter:image say. ``picture``: the article's own picture."""

    url: str
    width: int | None
    height: int | None
    alt: str
    picture: bool


def share_image(article: "Article") -> ShareImage:
    """The article's picture if it has a file, else its publisher's logo, else the site's."""
    image = article.lead_image
    if image is not None and image.file:
        return _picture(image)
    logo = publisher_logo_url(article.publisher)
    if logo:
        return ShareImage(logo, None, None, article.publisher.name, picture=False)
    return ShareImage(
        SITE_SHARE_IMAGE.url,
        SITE_SHARE_IMAGE.width,
        SITE_SHARE_IMAGE.height,
        settings.SITE_NAME,
        picture=False,
    )


def publisher_logo_url(publisher: "Publisher") -> str:
    """The publisher's logo file by full address, or "" when it has none."""
    return absolute_url(publisher.logo.url) if publisher.logo else ""


def _picture(image: "Image") -> ShareImage:
    """The widest JPEG rendition up to SHARE_WIDTH, or the original while none is made."""
    jpegs = [
        record
        for record in image.renditions
        if not record["crop"] and record["format"] == JPEG.format and record["width"] <= SHARE_WIDTH
    ]
    if jpegs:
        best = max(jpegs, key=lambda record: record["width"])
        url = image.file.storage.url(best["name"])
        return ShareImage(
            absolute_url(url), best["width"], best["height"], image.alt_text, picture=True
        )
    return ShareImage(
        absolute_url(image.file.url), image.width, image.height, image.alt_text, picture=True
    )
