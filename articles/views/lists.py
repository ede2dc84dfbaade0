"""Public lists of articles: the front page and the pages that gather stories.

Each view finds what the list is about (a section, tag, person, publisher) in
one query, asks the queryset for its articles, and leaves paging, canonical
and neighbouring addresses to ``PagedListView``.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from articles import jsonld
from articles.errors import NotFound
from articles.models import Article, Author, Publisher, Section, Tag
from articles.navigation import NavigationItem, navigation_sections
from articles.pagination import PagedListView
from articles.popularity import most_read

# Stories under each section's heading on the front page.
FRONT_PAGE_PER_SECTION = 4


class HomeView(PagedListView):
    """The front page: the lead story, the latest news, then the latest by section.

    The lead is the newest featured story, or the newest; it is left out of the
    lists below it. Later pages (``?page=2``) continue the latest news alone.
    Each card's byline is read with its article (``Article.byline_copy``).
    """

    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self) -> QuerySet:
        lead = Article.objects.published().lead_story().values("pk")
        return Article.objects.published().exclude(pk__in=lead).for_listing()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        articles = list(context["articles"])
        lead = None
        sections: list[tuple[NavigationItem, list[Article]]] = []
        if context["page_obj"].number == 1:
            lead = Article.objects.published().lead_story().for_listing().first()
            # A story already on the page is not repeated under its section.
            sections = self.latest_by_section(exclude=[lead, *articles] if lead else articles)
            # The site and its search are described once, on the front page itself.
            context["structured_data"] = jsonld.dumps(jsonld.home_graph())
        context.update(articles=articles, lead=lead, sections=sections, most_read=most_read())
        return context

    def latest_by_section(
        self, exclude: list[Article]
    ) -> list[tuple[NavigationItem, list[Article]]]:
        """The navigation's sections, in its order, each with its newest stories not shown."""
        items = navigation_sections()
        published = Article.objects.published().exclude(pk__in=[a.pk for a in exclude])
        found = published.latest_in_sections(
            [item.id for item in items], FRONT_PAGE_PER_SECTION
        ).for_listing()
        by_section: dict[int, list[Article]] = {}
        for article in found:
            by_section.setdefault(article.section_id, []).append(article)
        return [(item, by_section[item.id]) for item in items if item.id in by_section]


class SectionView(PagedListView):
    """A section's published articles at /<section>/, newest first."""

    template_name = "articles/section.html"
    context_object_name = "articles"

    def get_queryset(self) -> QuerySet:
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return Article.objects.published().in_section(self.section).for_listing()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PagedListView):
    """Published articles with one tag, at /tags/<kind>/<slug>/ (kind: people, places…).

    A tag only drafts carry has no page: its name alone could reveal a story
    not yet published.
    """

    template_name = "articles/tag.html"
    context_object_name = "articles"

    def get_queryset(self) -> QuerySet:
        word = self.kwargs["kind"]
        if word not in Tag.KINDS_BY_PATH_WORD:
            raise NotFound(
                f"“{word[:40]}” is not a kind of tag: tags are topics, people, places "
                "or organisations, as in /tags/places/kyiv/."
            )
        self.tag = get_object_or_404(
            Tag, kind=Tag.KINDS_BY_PATH_WORD[word], slug=self.kwargs["slug"]
        )
        return Article.objects.published_with_tag(self.tag).for_listing()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(tag=self.tag, **kwargs)
        if not context["page_obj"].paginator.count:
            raise NotFound(f"No published article is tagged “{self.tag.name}” yet.")
        return context


class AuthorView(PagedListView):
    """An author's profile and their published articles.

    A person with neither a published article nor a published photograph has
    no public page, so the photographer of a draft is not revealed. One with
    photographs only is sent to them (a temporary redirect: an article may come).
    """

    template_name = "articles/author.html"
    context_object_name = "articles"
    showing = "articles"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.author = get_object_or_404(Author.objects.with_published_work(), slug=kwargs["slug"])
        if not (self.author.has_articles or self.author.has_photographs):
            raise NotFound(f"{self.author.name} has no published work on this site yet.")
        if self.showing == "articles" and not self.author.has_articles:
            query = request.GET.urlencode()
            return redirect(self.author.get_photographs_url() + (f"?{query}" if query else ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet:
        return Article.objects.published_by(self.author).for_listing()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, showing=self.showing, **kwargs)


class AuthorPhotographsView(AuthorView):
    """The published stories a photographer's pictures illustrate ("Photographs")."""

    showing = "photographs"

    def get_queryset(self) -> QuerySet:
        if not self.author.has_photographs:
            raise NotFound(f"No published story carries a photograph by {self.author.name}.")
        return Article.objects.published().illustrated_by(self.author).for_listing()


class PublisherView(PagedListView):
    """A publisher's page: who they are and their published articles."""

    template_name = "articles/publisher.html"
    context_object_name = "articles"

    def get_queryset(self) -> QuerySet:
        self.publisher = get_object_or_404(Publisher, slug=self.kwargs["slug"])
        return Article.objects.published().by_publisher(self.publisher).for_listing()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(publisher=self.publisher, **kwargs)
