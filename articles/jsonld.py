"""schema.org objects for search engines, built as plain dicts, and serialised safely.

Each builder takes what the page has loaded already (``for_page()``: the
publisher, section, picture and photographer, and the article's copies of its
byline and tags), so structured data costs no query. Every address is absolute, on
SITE_URL. ``dumps()`` is the one way into a ``<script type="application/ld+json">``:
nothing a headline or caption holds can close the element.

Objects that the page names more than once (the publisher, who is also the
copyright holder and, without bylines, the author) are given once with an
``@id`` and referred to by it.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import to_locale

from articles.addresses import absolute_url
from articles.sharing import SITE_LOGO, publisher_logo_url
from articles.templatetags.html_dates import datetime_attr

if TYPE_CHECKING:
    from articles.models import Article, Author, Image, Publisher
    from articles.shown_bylines import Credit

CONTEXT = "https://schema.org"
# JSON allows these inside strings; in a <script> they could end the element or
# start a comment (<, >, &), or end a line in older JavaScript (U+2028, U+2029).
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)

Data = dict[str, Any]


@dataclass(frozen=True)
class Correction:
    """A public correction, as ``NewsArticle.correction`` (a CorrectionComment) states it.

    The article page passes the article's public ones (``Article.shown_corrections``,
    from ``articles.models.corrections``) to ``article_graph()``.
    """

    text: str
    published_at: datetime.datetime


def dumps(data: Data) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` element's body.

    ``<``, ``>`` and ``&`` (and the two Unicode line separators) are written as
    ``\\u`` escapes: a JSON parser reads back the same text, while the HTML
    parser never sees ``</script>`` or ``<!--``. Nothing else needs escaping
    in a script element's body, so the result is safe to print as it is.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_SAFE))  # noqa: S308 - escaped just above


def article_graph(
    article: "Article",
    *,
    canonical_url: str,
    photographer_url: str = "",
    corrections: Iterable[Correction] = (),
) -> Data:
    """The article page's structured data: the NewsArticle and its BreadcrumbList."""
    return {
        "@context": CONTEXT,
        "@graph": [
            news_article(
                article,
                canonical_url=canonical_url,
                photographer_url=photographer_url,
                corrections=corrections,
            ),
            breadcrumbs(article, canonical_url=canonical_url),
        ],
    }


def home_graph() -> Data:
    """The front page's structured data: the site, its search, and who runs it."""
    site = site_organization()
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@type": "WebSite",
                "@id": absolute_url("/#website"),
                "name": settings.SITE_NAME,
                "url": absolute_url("/"),
                "inLanguage": language(),
                "publisher": {"@id": site["@id"]},
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": absolute_url(reverse("articles:search"))
                        + "?q={search_term_string}",
                    },
                    "query-input": "required name=search_term_string",
                },
            },
            site,
        ],
    }


def news_article(
    article: "Article",
    *,
    canonical_url: str,
    photographer_url: str = "",
    corrections: Iterable[Correction] = (),
) -> Data:
    """The NewsArticle: what it says, who wrote and published it, when, and its picture.

    ``photographer_url`` is the photographer's public page, "" while readers
    cannot see it (a draft's picture must not reveal who took it).
    """
    publisher = organization(article.publisher)
    published = article.published_at
    modified = article.modified_at
    data: Data = {
        "@type": "NewsArticle",
        "@id": f"{canonical_url}#article",
        "url": canonical_url,
        "mainEntityOfPage": canonical_url,
        "headline": article.headline,
    }
    if article.standfirst:
        data["description"] = article.standfirst
    if article.lead_image is not None:
        data["image"] = image_object(article.lead_image, photographer_url=photographer_url)
    if published:
        data["datePublished"] = datetime_attr(published)
    if modified:
        data["dateModified"] = datetime_attr(modified)
    authors = [person(author) for author in article.byline]
    # The page credits the publisher when no one is named; so does its data.
    data["author"] = authors or [{"@id": publisher["@id"]}]
    data["publisher"] = publisher
    data["copyrightHolder"] = {"@id": publisher["@id"]}
    data["copyrightYear"] = article.copyright_year or article.url_date.year
    if article.section is not None:
        data["articleSection"] = article.section.name
    keywords = [tag.name for tag in article.shown_tags]
    if keywords:
        data["keywords"] = keywords
    data["inLanguage"] = language()
    notes = [correction_comment(correction) for correction in corrections]
    if notes:
        data["correction"] = notes
    return data


def breadcrumbs(article: "Article", *, canonical_url: str) -> Data:
    """The trail the page shows above the headline: Home › Section › Article."""
    trail = [("Home", absolute_url(reverse("articles:home")))]
    if article.section is not None:
        trail.append((article.section.name, absolute_url(article.section.get_absolute_url())))
    trail.append((article.headline, canonical_url))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def person(author: "Author | Credit", url: str | None = None) -> Data:
    """A Person with their page on the site (``url`` overrides it; "" leaves it out)."""
    data: Data = {"@type": "Person", "name": author.name}
    address = absolute_url(author.get_absolute_url()) if url is None else url
    if address:
        data["url"] = address
    return data


def image_object(image: "Image", *, photographer_url: str = "") -> Data:
    """The picture with its credit split as schema.org splits it.

    ``creator`` is the photographer, ``creditText`` the line the page shows
    ("Andrii Nesterenko / AFP"), ``copyrightNotice`` the notice when one is
    recorded. A picture with no file (an export names pictures without sending
    them) still has its caption and credit, but no address or size.
    """
    data: Data = {"@type": "ImageObject"}
    if image.file:
        data["url"] = data["contentUrl"] = absolute_url(image.file.url)
        if image.width and image.height:
            data["width"], data["height"] = image.width, image.height
    if image.caption:
        data["caption"] = image.caption
    if image.photographer_id:
        url = absolute_url(photographer_url) if photographer_url else ""
        data["creator"] = person(image.photographer, url=url)
    if image.credit:
        data["creditText"] = image.credit
    if image.copyright_notice:
        data["copyrightNotice"] = image.copyright_notice
    return data


def organization(publisher: "Publisher") -> Data:
    """The publisher: its page on the site, its own website, and a logo (never none)."""
    page = absolute_url(publisher.get_absolute_url())
    data: Data = {
        "@type": "NewsMediaOrganization",
        "@id": f"{page}#organization",
        "name": publisher.name,
        "url": publisher.web_address or page,
    }
    logo = publisher_logo_url(publisher)
    data["logo"] = {"@type": "ImageObject", "url": logo} if logo else site_logo()
    return data


def site_organization() -> Data:
    """The organisation that runs this site, by the site's name."""
    return {
        "@type": "Organization",
        "@id": absolute_url("/#organization"),
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": site_logo(),
    }


def site_logo() -> Data:
    return {
        "@type": "ImageObject",
        "url": SITE_LOGO.url,
        "width": SITE_LOGO.width,
        "height": SITE_LOGO.height,
    }


def correction_comment(correction: Correction) -> Data:
    return {
        "@type": "CorrectionComment",
        "text": correction.text,
        "datePublished": datetime_attr(correction.published_at),
    }


def language() -> str:
    """The site's language as a BCP 47 tag: ``en-gb`` → ``en-GB``."""
    return to_locale(settings.LANGUAGE_CODE).replace("_", "-")
