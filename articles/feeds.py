"""RSS and Atom feeds of published articles: the whole site, a section, a tag, an author.

Each feed class says which articles (``articles()``) and about what
(``get_object()``); everything an entry carries is said once, in
``ArticleFeed``. Every address is built on SITE_URL (``absolute_url``), never
on the request's Host, and ``for_feed()`` fetches a feed's entries in a
fixed number of queries. The XML itself comes from ``articles.feed_xml``.
"""

import datetime
import html
import mimetypes
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.addresses import absolute_url
from articles.feed_xml import NewsAtom, NewsRss, Picture
from articles.models import Article, Author, Section, Tag

# Entries in a feed: readers poll often, so the newest fifty reach back far enough.
FEED_LENGTH = 50
FORMATS = (NewsRss, NewsAtom)
Subject = Section | Tag | Author | None


def feed_route(subject: Subject) -> tuple[str, dict[str, str]]:
    """The URL name's first part and the arguments of the feeds about ``subject``."""
    if subject is None:
        return "site", {}
    if isinstance(subject, Tag):
        return "tag", {"kind": Tag.PATH_WORDS[subject.kind], "slug": subject.slug}
    return type(subject).__name__.lower(), {"slug": subject.slug}


def feed_address(subject: Subject, generator: type = NewsRss) -> str:
    """The absolute address of the RSS (or Atom) feed about ``subject``."""
    route, kwargs = feed_route(subject)
    return absolute_url(reverse(f"feeds:{route}-{generator.format}", kwargs=kwargs))


def feed_title(subject: Subject) -> str:
    return f"{settings.SITE_NAME}: {subject.name if subject else 'latest news'}"


def lead_picture(article: Article) -> Picture | None:
    """The lead picture when it has a file the storage can measure, else None."""
    image = article.lead_image
    if image is None or not image.file:
        return None
    try:
        length = image.file.size
    except OSError:  # Listed but gone from the storage: nothing to enclose.
        return None
    mime_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
    url = absolute_url(image.file.url)
    return Picture(url, mime_type, length, image.width, image.height, image.credit, image.caption)


class ArticleFeed(Feed):
    """The site's newest published articles; subclasses narrow them to one subject."""

    item_guid_is_permalink = False

    def __init__(self, feed_type: type = NewsRss) -> None:
        """One class per subject serves both formats: ``feed_type`` is NewsRss or NewsAtom."""
        self.feed_type = feed_type

    def author_name(self, subject: Subject) -> str:
        # Atom wants an author for entries without a byline: the site's own name.
        return settings.SITE_NAME

    def articles(self, subject: Subject) -> QuerySet:
        return Article.objects.published()

    def items(self, subject: Subject) -> QuerySet:
        return self.articles(subject).for_feed()[:FEED_LENGTH]

    def title(self, subject: Subject) -> str:
        return feed_title(subject)

    def description(self, subject: Subject) -> str:
        return f"The latest news from {settings.SITE_NAME}."

    def subtitle(self, subject: Subject) -> str:
        return self.description(subject)

    def link(self, subject: Subject) -> str:
        return absolute_url(subject.get_absolute_url() if subject else reverse("articles:home"))

    def feed_url(self, subject: Subject) -> str:
        return feed_address(subject, self.feed_type)

    def item_title(self, article: Article) -> str:
        return article.headline

    def item_description(self, article: Article) -> str:
        """The standfirst, then any corrections, so a reader's feed tells of them too.

        RSS descriptions and Atom's type="html" summary are HTML; both are text.
        """
        standfirst = html.escape(article.standfirst, quote=False)
        notes = [html.escape(c.note, quote=False) for c in article.shown_corrections]
        if not notes:
            return standfirst
        return "".join(f"<p>{text}</p>" for text in [standfirst, *notes] if text)

    def item_link(self, article: Article) -> str:
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article: Article) -> str:
        return article.uuid.urn

    def item_pubdate(self, article: Article) -> datetime.datetime:
        return article.published_at

    def item_updateddate(self, article: Article) -> datetime.datetime:
        return article.modified_at

    def item_categories(self, article: Article) -> list[str]:
        section = [article.section.name] if article.section else []
        return section + [tag.name for tag in article.tags.all()]

    def item_extra_kwargs(self, article: Article) -> dict[str, Any]:
        authors = [(a.name, absolute_url(a.get_absolute_url())) for a in article.byline_authors]
        return {"authors": authors, "picture": lead_picture(article)}


class SectionFeed(ArticleFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Section:
        return get_object_or_404(Section, slug=slug)

    def description(self, section: Section) -> str:
        return section.description or f"The latest {section.name} news from {settings.SITE_NAME}."

    def articles(self, section: Section) -> QuerySet:
        return Article.objects.published().in_section(section)


class TagFeed(ArticleFeed):
    """A tag's feed; as its page, none for a tag only drafts carry (its name would tell)."""

    def get_object(self, request: HttpRequest, kind: str, slug: str) -> Tag:
        if kind not in Tag.KINDS_BY_PATH_WORD:
            raise Http404(f"“{kind[:40]}” is not a kind of tag.")
        tags = Tag.objects.with_published_work()
        return get_object_or_404(tags, kind=Tag.KINDS_BY_PATH_WORD[kind], slug=slug)

    def description(self, tag: Tag) -> str:
        return tag.description or f"News about {tag.name} from {settings.SITE_NAME}."

    def articles(self, tag: Tag) -> QuerySet:
        return Article.objects.published_with_tag(tag)


class AuthorFeed(ArticleFeed):
    """An author's articles; none for one without a published article, as their page."""

    def get_object(self, request: HttpRequest, slug: str) -> Author:
        authors = Author.objects.with_published_work().filter(has_articles=True)
        return get_object_or_404(authors, slug=slug)

    def description(self, author: Author) -> str:
        return f"Articles by {author.name} on {settings.SITE_NAME}."

    def articles(self, author: Author) -> QuerySet:
        return Article.objects.published_by(author)
