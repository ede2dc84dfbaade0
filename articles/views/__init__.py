"""Public pages. Views choose a queryset and a template; the querysets do the rest."""

from articles.views.corrections import CorrectionListView
from articles.views.lists import (
    AuthorPhotographsView,
    AuthorView,
    HomeView,
    PublisherView,
    SectionView,
    TagView,
)
from articles.views.pages import ArticleDetailView
from articles.views.previews import PreviewView
from articles.views.search import SearchView

__all__ = [
    "ArticleDetailView",
    "AuthorPhotographsView",
    "AuthorView",
    "CorrectionListView",
    "HomeView",
    "PreviewView",
    "PublisherView",
    "SearchView",
    "SectionView",
    "TagView",
]
