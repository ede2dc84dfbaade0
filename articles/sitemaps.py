"""The sitemaps search engines read, built on Django's sitemaps framework.

Every address is on SITE_URL (``OnSite``), never on the Host a crawler sent.
Only ``Article.objects.published()`` work appears: a draft's or a scheduled
story's address, headline, author or tag stays unlisted. The index view and
robots.txt are in ``articles.views.crawlers``.
"""

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from articles.addresses import absolute_url
from articles.models import Article, Author, Byline, Section, Tag
from articles.querysets import published_filter

# What an article's sitemap entry needs, and no more: no body, no standfirst.
ENTRY_FIELDS = (
    "slug",
    "headline",
    "published_at",
    "updated_at",
    "corrected_at",
    "lead_image__file",
)
# Read with the file: without them Django's ImageField asks for each picture's size.
PICTURE_SIZE_FIELDS = ("lead_image__width", "lead_image__height")
NEWS_PERIOD = datetime.timedelta(days=2)
LARGEST_OFFSET = 2**62


class ArticlePaginator(Paginator):
    """Django's pages of articles, read off the (status, published_at, id) index, with no count.

    Django's Paginator counts every item, then fetches the page with an OFFSET
    over whole rows (16 s for a late page of 50,000 at a million articles on
    PostgreSQL). Here one query steps over index entries alone to the page's
    first (published_at, id); a second reads the page from there, in index
    order, and stops after it. A page past the end is refused without a count.
    """

    def page(self, number: Any) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        start = (number - 1) * self.per_page
        if start > LARGEST_OFFSET:
            # Past any archive, and past the database's integers: an OFFSET would fail.
            raise EmptyPage(self.error_messages["no_results"])
        first = list(self.object_list.values_list("published_at", "pk")[start : start + 1])
        if not first:
            if number > 1:
                raise EmptyPage(self.error_messages["no_results"])
            return self._get_page([], number, self)
        moment, pk = first[0]
        later, from_ = (
            ("lt", "lte") if self.object_list.query.order_by[0][0] == "-" else ("gt", "gte")
        )
        rest = Q(**{f"published_at__{later}": moment}) | Q(
            published_at=moment, **{f"pk__{from_}": pk}
        )
        # The plain bound on the time is what the index is searched by; ``rest`` refines it.
        page = self.object_list.filter(rest, **{f"published_at__{from_}": moment})
        return self._get_page(list(entries(page)[: self.per_page]), number, self)


def entries(articles: QuerySet) -> QuerySet:
    """Just the columns a sitemap entry shows, the lead picture's in the same query."""
    return articles.select_related("lead_image").only(*ENTRY_FIELDS, *PICTURE_SIZE_FIELDS)


class OnSite:
    """Addresses on SITE_URL: Django would take them from the sites framework or the Host."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(OnSite, Sitemap):
    """Every published article with its update time and lead picture, oldest first.

    Oldest first, so a page keeps its articles as new ones arrive (they fill
    the last page) and a crawler need not read the early pages again.
    """

    # The protocol allows 50,000 a page; a page of 50,000 takes some 10 s to build
    # (reverse() and the template, per address), a page of 10,000 some 2 s.
    limit = 10_000
    ordering = ("published_at", "pk")

    def items(self) -> QuerySet:
        return Article.objects.published().order_by(*self.ordering)

    @property
    def paginator(self) -> Paginator:
        return ArticlePaginator(self.items(), self.limit)

    def lastmod(self, article: Article) -> datetime.datetime:
        """The last change of the page: an edit or a correction, whichever came last."""
        return max(filter(None, (article.updated_at, article.corrected_at)))

    def get_latest_lastmod(self) -> None:
        # Django's default reads every item; the index lists pages without one.
        return None

    def get_urls(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            picture = url["item"].lead_image
            url["image"] = absolute_url(picture.file.url) if picture and picture.file else ""
        return urls


class NewsSitemap(ArticleSitemap):
    """Google News: the articles published in the last two days, newest first.

    Google reads at most 1,000 entries a news sitemap; more make further pages.
    """

    limit = 1_000
    ordering = ("-published_at", "-pk")

    def items(self) -> QuerySet:
        since = timezone.now() - NEWS_PERIOD
        return super().items().filter(published_at__gte=since)

    def get_urls(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        urls = super().get_urls(*args, **kwargs)
        # Google wants the ISO 639 code alone ("en"), except for Chinese's two scripts.
        language = settings.LANGUAGE_CODE.lower()
        if language not in ("zh-cn", "zh-tw"):
            language = language.split("-")[0]
        for url in urls:
            url["news"] = {"name": settings.SITE_NAME, "language": language}
        return urls


class SectionSitemap(OnSite, Sitemap):
    """The sections with a published article."""

    def items(self) -> QuerySet:
        published = Article.objects.published().filter(section=OuterRef("pk"))
        return Section.objects.filter(Exists(published)).order_by("pk")


class TagSitemap(OnSite, Sitemap):
    """The tags with a published article: a tag only drafts carry has no page."""

    def items(self) -> QuerySet:
        return Tag.objects.with_published_work().order_by("pk").only("kind", "slug")


class AuthorSitemap(OnSite, Sitemap):
    """The authors with a published article, at their author page."""

    def items(self) -> QuerySet:
        published = Byline.objects.filter(published_filter(), author=OuterRef("pk"))
        return Author.objects.filter(Exists(published)).order_by("pk").only("slug")


SITEMAPS: dict[str, type[Sitemap]] = {
    "articles": ArticleSitemap,
    "news": NewsSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
