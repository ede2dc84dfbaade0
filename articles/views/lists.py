"""Public lists of articles: the front page and the pages that gather stories."""

from typing import Any

from django.shortcuts import get_object_or_404

from articles.models import Article, Author
from articles.pagination import PagedListView
from articles.popularity import most_read


class HomeView(PagedListView):
    """The front page: the latest published articles, newest first."""

    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(most_read=most_read(), **kwargs)


class AuthorView(PagedListView):
    """An author's published articles."""

    template_name = "articles/author.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().filter(authors=self.author).for_listing()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, **kwargs)
