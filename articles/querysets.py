"""Every question asked of articles, asked once, here.

"Published" is defined in ``published()`` and nowhere else; every public page,
feed and API starts from it. ``for_listing()`` and ``for_page()`` fetch exactly
what their templates show, so the number of queries does not grow with the
number of articles, authors, tags or related links.
"""

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

if TYPE_CHECKING:
    from articles.models import Article, Author, Section, Tag

# A card shows at most this much of the standfirst; the database sends no more.
CARD_STANDFIRST_CHARACTERS = 300
# Similar stories are looked for among this many newest articles of each tag and section.
SIMILAR_NEWEST_EACH = 100
# What a search result prints (``for_results()``), with its section's and publisher's names.
RESULT_FIELDS = (
    "headline",
    "slug",
    "published_at",
    "created_at",
    "updated_at",
    "corrected_at",
    "section__name",
    "section__slug",
    "publisher__name",
    "publisher__slug",
    "byline_copy",
)


def published_filter(prefix: str = "") -> Q:
    """The condition "published": marked published, with a time that has come.

    ``prefix`` applies it to the copies of an article's status and time that
    its bylines and taggings keep (``"bylines__"``, ``"taggings__"``, or ``""``
    on those models themselves), so a person's or a tag's list is read off
    their own index and still means exactly what ``published()`` means.
    """
    return Q(**{f"{prefix}status": "published", f"{prefix}published_at__lte": timezone.now()})


class ArticleQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Articles a reader may see: marked published, with a time that has come."""
        return self.filter(published_filter())

    def scheduled(self) -> Self:
        """Published articles whose time is still to come, soonest first: the desk's schedule."""
        return self.filter(status="published", published_at__gt=timezone.now()).order_by(
            "published_at", "pk"
        )

    def in_review(self) -> Self:
        """Articles submitted for review, the longest waiting first."""
        return self.filter(status="review").order_by("updated_at", "pk")

    def drafts_by(self, user: Any) -> Self:
        """The drafts ``user`` created, the last changed first."""
        return self.filter(status="draft", created_by=user).order_by("-updated_at", "-pk")

    def visible_to(self, user: Any) -> Self:
        """Staff preview drafts and scheduled articles; everyone else sees published ones."""
        if getattr(user, "is_staff", False) and user.is_active:
            return self.all()
        return self.published()

    def with_bylines(self) -> Self:
        return self.prefetch_related(bylines_prefetch())

    def for_listing(self) -> Self:
        """What a list of published article cards shows: picture block, credit, byline.

        Newest first, in the order of the (status, published_at, id) index, so a
        page is read off the index instead of sorting every published article;
        an order chosen before (``published_with_tag()``, ``published_by()``:
        the link table's copy of the time, which its index holds) is kept.
        A card shows the start of the standfirst only, so only that start
        (``standfirst_head``) is read: a megabyte-long standfirst or body stays
        in the database. The byline is the article's own copy (``byline_copy``,
        articles.shown_bylines): no query through bylines and people.
        """
        queryset = (
            self.select_related("publisher", "section", "lead_image__photographer")
            .defer("standfirst", "body", "correction_notes")
            .annotate(standfirst_head=Substr("standfirst", 1, CARD_STANDFIRST_CHARACTERS + 1))
        )
        if not queryset.query.order_by:
            queryset = queryset.order_by("-published_at", "-pk")
        return queryset

    def for_results(self) -> Self:
        """What a search result shows, and no more: headline, address, section, time, byline.

        The byline is the article's own copy (``byline_copy``): no query for it.

        No picture, standfirst or body: the result's snippet is cut from the
        text in the database, so a page of results neither sends kilobytes of
        text to Python nor builds picture and photographer objects it never
        shows (``bench/search.py``: about 1.5 ms of CPU of a page's 22).
        """
        return self.select_related("publisher", "section").only(*RESULT_FIELDS)

    def for_feed(self) -> Self:
        """What a feed entry carries: section, tags, every byline, the lead picture's credit.

        Three queries for any number of entries (articles with their section
        and picture, bylines, tags); newest first unless ordered before, as
        ``for_listing()``. The body stays in the database: entries carry the
        standfirst.
        """
        queryset = (
            self.select_related("section", "lead_image__photographer")
            .defer("body")
            .with_bylines()
            .prefetch_related(Prefetch("tags", queryset=_tags()))
        )
        if not queryset.query.order_by:
            queryset = queryset.order_by("-published_at", "-pk")
        return queryset

    def for_export(self) -> Self:
        """What an export file holds: publisher, lead picture and credit, Related News.

        In primary-key order, so an export walks the table once and in the same
        order every time; with ``.iterator(chunk_size)`` the related links cost
        one query per chunk, whatever the number of articles.
        """
        from articles.models import RelatedLink

        related = RelatedLink.objects.select_related("target").order_by("position", "pk")
        return (
            self.select_related("publisher", "lead_image__photographer")
            .prefetch_related(Prefetch("related_links", queryset=related))
            .order_by("pk")
        )

    def in_section(self, section: "Section") -> Self:
        return self.filter(section=section)

    def published_with_tag(self, tag: "Tag") -> Self:
        """The published articles with ``tag``, newest first: a tag's list.

        "Published" is asked of the taggings' copies of their article's status
        and time (``published_filter("taggings__")``, kept by
        ``articles.listing_copies``), not of the article again: the database
        then walks the (tag, status, published_at, article) index alone and
        stops after the page, where the article's own columns would mean
        reading every article the page steps over, or sorting all of them. A
        join, not ``EXISTS``: an article carries a tag once.
        """
        return self.filter(published_filter("taggings__"), taggings__tag=tag).order_by(
            "-taggings__published_at", "-pk"
        )

    def published_by(self, author: "Author") -> Self:
        """The published articles ``author`` wrote, newest first, off the bylines' index.

        As ``published_with_tag()``: "published" is asked of the bylines' copies.
        """
        return self.filter(published_filter("bylines__"), bylines__author=author).order_by(
            "-bylines__published_at", "-pk"
        )

    def illustrated_by(self, author: "Author") -> Self:
        """Articles whose lead picture the author took: a photographer's "Photographs".

        Asked of the article's copy of its picture's photographer
        (``lead_photographer``, kept by ``articles.listing_copies``), so a
        page is read newest first off the (lead_photographer, status,
        published_at, id) index, as a section's is; through the picture, every
        article the photographer illustrated was read and sorted.
        """
        return self.filter(lead_photographer=author)

    def by_publisher(self, publisher: Any) -> Self:
        return self.filter(publisher=publisher)

    def lead_story(self) -> Self:
        """The front page's lead: the newest featured story, or with none the newest story.

        Call on ``published()``; the result holds one article at most. Both
        candidates are subqueries of one statement, each read off an index.
        """
        newest = self.order_by("-published_at", "-pk").values("pk")[:1]
        featured = self.filter(featured=True).order_by("-published_at", "-pk").values("pk")[:1]
        return self.filter(pk=Coalesce(Subquery(featured), Subquery(newest)))

    def latest_in_sections(self, section_ids: list[int], per_section: int) -> Self:
        """The newest ``per_section`` articles of each section, in one query.

        A ``UNION ALL`` of one small subquery per section, each read newest-first
        off an index and cut at ``per_section`` rows: the cost stays the same
        however large the archive grows. A window function (``RowNumber`` per
        section) would rank every article of every section first, and ``OR``-ed
        ``IN`` subqueries make PostgreSQL scan the whole table (0.8 s at a
        million articles). Each part wraps its ``LIMIT`` in an ``IN`` because
        SQLite allows no ``LIMIT`` directly inside a compound statement.
        """
        if not section_ids:
            return self.none()
        model = self.model
        parts = [
            model.objects.filter(
                pk__in=self.filter(section_id=section_id)
                .order_by("-published_at", "-pk")
                .values("pk")[:per_section]
            ).values("pk")
            for section_id in section_ids
        ]
        return self.filter(pk__in=parts[0].union(*parts[1:], all=True))

    def for_page(self) -> Self:
        """What the article page shows: publisher, section, picture and photographer.

        The byline and the tags are printed from the article's copies (``byline_copy``,
        ``tags_copy``) and Related News come from their own cached list
        (``articles.related``): the page is this one query.
        """
        return self.select_related("publisher", "section", "lead_image__photographer")

    def changed_since(self, moment: datetime.datetime) -> Self:
        """Articles published, changed or corrected at ``moment`` or later: for sync clients."""
        return self.filter(
            Q(published_at__gte=moment) | Q(updated_at__gte=moment) | Q(corrected_at__gte=moment)
        )

    def with_tag_slug(self, slug: str, kind: str | None = None) -> Self:
        """Articles with a tag of this slug (of this kind, or of any kind)."""
        from articles.models import Tagging

        taggings = Tagging.objects.filter(tag__slug=slug)
        if kind is not None:
            taggings = taggings.filter(tag__kind=kind)
        return self.filter(pk__in=taggings.values("article_id"))

    def by_author_slug(self, slug: str) -> Self:
        """Articles with this author in the byline."""
        from articles.models import Byline

        return self.filter(pk__in=Byline.objects.filter(author__slug=slug).values("article_id"))

    def before(self, published_at: datetime.datetime, pk: int) -> Self:
        """The articles after (``published_at``, ``pk``) newest first: a keyset page's rest.

        The bound on ``published_at`` alone lets the (…, published_at, id) indexes
        start the walk there, instead of skipping every newer row as OFFSET would.
        """
        return self.filter(published_at__lte=published_at).filter(
            Q(published_at__lt=published_at) | Q(pk__lt=pk)
        )

    def for_ninjs(self) -> Self:
        """All a ninjs document carries (``articles.formats.ninjs.render``), in four queries.

        The articles with publisher, section and lead picture (with its
        photographer), then bylines, tags and Related News, each one query for
        any number of articles. Related News keep the links waiting for their
        article (a headline the source named) and those reaching a published one;
        a link to a draft or a scheduled article is left out, as on the page.
        """
        return self._with_whole_article(waiting_links=True)

    def _with_whole_article(self, *, waiting_links: bool) -> Self:
        """Publisher, section, picture and photographer, bylines, tags, Related News.

        Related News reach published articles only; ``waiting_links`` keeps the
        links still waiting for their article too.
        """
        from articles.models import RelatedLink

        # On the joined target, not ``IN (published articles)``: OR-ed with the waiting
        # links that became a subplan PostgreSQL costed at millions and JIT-compiled
        # (0.2 s a request at a million articles).
        reach = published_filter("target__")
        if waiting_links:
            reach |= Q(target__isnull=True)
        related = (
            RelatedLink.objects.filter(reach).select_related("target").order_by("position", "pk")
        )
        return (
            self.select_related("publisher", "section", "lead_image__photographer")
            .with_bylines()
            .prefetch_related(
                Prefetch("tags", queryset=_tags()), Prefetch("related_links", queryset=related)
            )
        )

    def search(
        self,
        query: str,
        *,
        section: str | None = None,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
    ) -> Self:
        """These articles that match a reader's query, best match first, then newest.

        Each is annotated with ``search_rank``; a page of them arrives with
        ``search_snippet``, the matched words marked. See ``articles.search``.
        """
        from articles import search

        return search.search(self, query, section=section, start=start, end=end)

    def get_by_natural_key(self, uuid: str) -> "Article":
        return self.get(uuid=uuid)

    def similar_to(
        self, article: "Article", tag_ids: list[int], newest_each: int = SIMILAR_NEWEST_EACH
    ) -> Self:
        """Articles sharing a tag or the section with ``article``, most in common first.

        Each is annotated with ``shared_tags`` (how many of ``tag_ids`` it has)
        and ``same_section`` (1 or 0); ties go to the newest. ``tag_ids`` are
        the article's tags, passed in because the page has them prefetched.

        Only the ``newest_each`` newest published articles of each of those tags
        and of the section are weighed: each is read off its list's own index
        (``tagging_listed``, ``article_section_listed``), so the cost does not grow
        with the archive. Ranking every article sharing a tag meant counting shared
        tags for hundreds of thousands of rows at a million articles.
        """
        from articles.models import Article

        through = Article.tags.through
        branches = [
            through.objects.filter(published_filter(), tag_id=tag_id)
            .exclude(article_id=article.pk)
            .order_by("-published_at", "-article_id")
            .values_list("article_id")[:newest_each]
            for tag_id in tag_ids
        ]
        if tag_ids:
            shared = (
                through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
                .order_by()
                .values("article_id")
                .annotate(n=Count("pk"))
                .values("n")
            )
            shared_tags = Coalesce(Subquery(shared), 0)
        else:
            shared_tags = Value(0)
        if article.section_id is not None:
            same_section = Case(When(section_id=article.section_id, then=1), default=0)
            branches.append(
                Article.objects.filter(published_filter(), section_id=article.section_id)
                .exclude(pk=article.pk)
                .order_by("-published_at", "-pk")
                .values_list("pk")[:newest_each]
            )
        else:
            same_section = Value(0)
        if not branches:  # Nothing in common with anything; annotated all the same.
            return self.none().annotate(shared_tags=Value(0), same_section=Value(0))
        # Each list's newest, read off its index as a subquery of its own: SQLite
        # takes no LIMIT on a member of a UNION, but does inside a member's WHERE.
        members = [Article.objects.filter(pk__in=branch).values_list("pk") for branch in branches]
        candidates = members[0].union(*members[1:], all=True)
        return (
            self.filter(pk__in=candidates)  # Each list already leaves the article out.
            .annotate(shared_tags=shared_tags, same_section=same_section)
            .order_by("-shared_tags", "-same_section", "-published_at", "-pk")
        )

    def most_read(self, periods: dict[str, datetime.datetime], count: int) -> Self:
        """The ``count`` most read articles of each period, all in one query.

        ``periods`` names the hour each period starts from (``{"day": …}``); each
        article is annotated with its reads in every period (``reads_day``…), so
        the caller ranks it per period: most reads first, ties to the newest.
        An article counts only with reads in the period.
        """
        parts = []
        sums = {}
        for name, since in periods.items():
            reads = Sum("read_counts__reads", filter=Q(read_counts__hour__gte=since), default=0)
            ranked = (
                self.filter(read_counts__hour__gte=since)
                .annotate(period_reads=Sum("read_counts__reads"))
                .order_by("-period_reads", "-published_at", "-pk")
                .values("pk")[:count]
            )
            # Wrapped, as in latest_in_sections(): SQLite allows no LIMIT in a compound.
            parts.append(self.model.objects.filter(pk__in=ranked).values("pk"))
            sums[f"reads_{name}"] = reads
        if not parts:
            return self.none()
        # One UNION ALL of the periods' few ids: OR-ed IN subqueries made PostgreSQL
        # read every article (a sequential scan, 14 ms at 20,000 articles).
        return self.filter(pk__in=parts[0].union(*parts[1:], all=True)).annotate(**sums)


class CorrectionQuerySet(models.QuerySet):
    def published(self) -> Self:
        """Corrections readers may see: those of published articles (``published_filter``)."""
        return self.filter(published_filter("article__"))

    def for_listing(self) -> Self:
        """/corrections/: newest first, off its index, each with its article's headline.

        Only what the list shows is read of the article: its body, standfirst
        and the copies of its corrections stay in the database.
        """
        return (
            self.select_related("article")
            .only(
                "text",
                "published_at",
                "article",
                "article__headline",
                "article__slug",
                "article__published_at",
                "article__created_at",
            )
            .order_by("-published_at", "-pk")
        )


class AuthorQuerySet(models.QuerySet):
    def with_published_work(self) -> Self:
        """Marks each author with ``has_articles`` and ``has_photographs`` (published only).

        An author with neither has no public page: a draft's byline or picture
        credit must not reveal who is working on it.
        """
        from articles.models import Article

        published = Article.objects.published()
        return self.annotate(
            has_articles=Exists(published.filter(bylines__author=OuterRef("pk"))),
            has_photographs=Exists(published.filter(lead_photographer=OuterRef("pk"))),
        )


def bylines_prefetch() -> Prefetch:
    """Each article's bylines in reading order, with their authors: one query for any list.

    For what needs the people themselves (feeds, ninjs, the admin); pages print
    the article's copy of its byline (``Article.byline``) instead.
    """
    from articles.models import Byline

    return Prefetch(
        "bylines", queryset=Byline.objects.select_related("author").order_by("position", "pk")
    )


def _tags() -> models.QuerySet:
    from articles.models import Tag

    return Tag.objects.order_by("kind", "name")
