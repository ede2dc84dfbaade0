"""Public pages. Views choose a queryset and a template; the querysets do the rest."""

from articles.views.lists import (
    AuthorPhotographsView,
    AuthorView,
    HomeView,
    PublisherView,
    SectionView,
    TagView,
)
from articles.views.pages import ArticleDetailView
from articles.views.search import SearchView

__all__ = [
    "ArticleDetailView",
    "AuthorPhotographsView",
    "AuthorView",
    "HomeView",
    "PublisherView",
    "SearchView",
    "SectionView",
    "TagView",
]
