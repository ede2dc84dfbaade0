"""Public pages. Views choose a queryset and a template; the querysets do the rest."""

from typing import Any

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Author


class HomeView(ListView):
    """The front page: the latest published articles, newest first."""

    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset: Any) -> int:
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    """One article at /YYYY/MM/DD/slug/.

    The slug finds the article; the date is checked against it so a link with
    an old date (the article was re-dated) is redirected, not lost.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_page()

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return HttpResponsePermanentRedirect(canonical)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        path = self.object.get_absolute_url()
        canonical = f"{settings.SITE_URL}{path}" if settings.SITE_URL else None
        return super().get_context_data(
            canonical_url=canonical or self.request.build_absolute_uri(path), **kwargs
        )


class AuthorView(ListView):
    """An author's published articles."""

    template_name = "articles/author.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset: Any) -> int:
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().filter(authors=self.author).for_listing()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(author=self.author, **kwargs)
