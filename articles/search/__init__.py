"""Full-text search of articles: one interface, a backend per database.

``ArticleQuerySet.search()`` calls ``search()`` here; the backend is chosen by
the database in use (``postgresql.py``: a stored ``tsvector`` with a GIN
index; ``sqlite.py``: an FTS5 table). Both read the same ``SearchDocument``
(``documents.py``) and the same parsed query (``query.py``), and both order
results by relevance, then newest first. ``indexing.py`` keeps the index
current as articles, bylines, tags, captions, authors and tags change.
"""

import datetime
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from articles.querysets import ArticleQuerySet
from articles.search.documents import SearchDocument
from articles.search.query import MAX_QUERY_LENGTH, Terms, parse

if TYPE_CHECKING:
    from articles.models import Article

__all__ = ["MAX_QUERY_LENGTH", "SearchResults", "Terms", "backend", "parse", "search"]


def backend() -> ModuleType:
    """The module that implements search on the database in use."""
    if connection.vendor == "postgresql":
        from articles.search import postgresql

        return postgresql
    from articles.search import sqlite

    return sqlite


def search(
    articles: QuerySet,
    query: str | Terms,
    *,
    section: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> "SearchResults":
    """``articles`` that match ``query``, best first, the newest first among equals.

    ``section`` is a section's slug; ``start`` and ``end`` are days in the
    site's time zone, both included. Fetching the results also fetches their
    highlighted snippets (``article.search_snippet``), one query for the lot.
    """
    terms = query if isinstance(query, Terms) else parse(query)
    results = backend().matching(articles, terms) if terms else articles.none()
    if section:
        results = results.filter(section__slug=section)
    if start:
        results = results.filter(published_at__date__gte=start)
    if end:
        results = results.filter(published_at__date__lte=end)
    results = results.order_by("-search_rank", "-published_at", "-pk") if terms else results
    results = results._chain()
    results.__class__ = SearchResults
    results.search_terms = terms
    return results


def index(documents: Iterable[SearchDocument]) -> None:
    backend().index(documents)


def remove(ids: Iterable[int]) -> None:
    backend().remove(ids)


def snippets(ids: Sequence[int], terms: Terms) -> dict[int, SafeString]:
    return backend().snippets(ids, terms) if ids and terms else {}


class SearchResults(ArticleQuerySet):
    """Articles found by a search; fetching them fetches their snippets too.

    Like a prefetch: slice it (a page), and the page's articles arrive with
    ``search_snippet`` set, whatever the template then does with them.
    """

    search_terms: Terms | None = None

    def _clone(self) -> "SearchResults":
        clone = super()._clone()
        clone.search_terms = self.search_terms
        return clone

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self.search_terms is not None:
            found: list[Article] = [row for row in self._result_cache if hasattr(row, "pk")]
            marked = snippets([article.pk for article in found], self.search_terms)
            for article in found:
                article.search_snippet = marked.get(article.pk, "")
