"""Full-text search of articles: one interface, a backend per database.

``ArticleQuerySet.search()`` calls ``search()`` here; the backend is chosen by
the database in use (``postgresql.py``: a stored ``tsvector`` with a GIN
index; ``sqlite.py``: an FTS5 table). Both read the same ``SearchText``
(``documents.py``) and the same parsed query (``query.py``), and both order
results by relevance, then newest first. ``indexing.py`` keeps the index
current as articles, bylines, tags, captions, authors and tags change.
"""

import datetime
from collections.abc import Iterable
from types import ModuleType

from django.db import connection
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

from articles.querysets import ArticleQuerySet
from articles.search.documents import SearchText
from articles.search.query import MAX_QUERY_LENGTH, Terms, parse

# Best first, the newest first among equals.
RANK_ORDER = ("-search_rank", "-published_at", "-pk")

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
    if section:
        articles = articles.filter(section__slug=section)
    if start:
        articles = articles.filter(published_at__date__gte=start)
    if end:
        articles = articles.filter(published_at__date__lte=end)
    if terms:
        matches = backend().matching(articles, terms)
        results = backend().ranked(articles, matches, terms)
        results = results.order_by(*RANK_ORDER)
    else:
        matches = results = articles.none()
    results = results._chain()
    results.__class__ = SearchResults
    results.search_terms = terms
    results.search_state = {
        "articles": articles,
        "matches": matches,
        "candidates": None,
        "exact": True,
    }
    return results


def index(documents: Iterable[SearchText]) -> None:
    backend().index(documents)


def remove(ids: Iterable[int]) -> None:
    backend().remove(ids)


class SearchResults(ArticleQuerySet):
    """Articles found by a search; fetching a page of them fetches their snippets too.

    Fetching takes two steps, so that ranking every match reads only ids and
    ranks: the page's ids in order first, then those articles, with what the
    queryset asked to select, defer and prefetch and each one's highlighted snippet
    (``search_snippet``), whatever the template then does with them.
    """

    search_terms: Terms | None = None
    # Shared by every clone (a paginator counts one and slices another): what was
    # searched, and the candidates a bounded backend has already read.
    search_state: dict | None = None

    def _clone(self) -> "SearchResults":
        clone = super()._clone()
        clone.search_terms = self.search_terms
        clone.search_state = self.search_state
        return clone

    def count_matches(self, limit: int) -> int:
        """How many articles match, counting no further than ``limit``.

        A backend that ranks a bounded number of candidates reads them here,
        ranked, in the same pass (``(id, rank, published_at)``), and fetching a
        page then puts those in order.
        """
        state = self.search_state
        bound = getattr(backend(), "CANDIDATES", None)
        if not state["exact"]:
            return self.order_by().values("pk")[:limit].count()
        if bound is None or not self.search_terms:
            return state["matches"].order_by().values("pk")[:limit].count()
        state["candidates"] = backend().newest(
            state["articles"], state["matches"], self.search_terms, max(limit, bound)
        )
        return min(len(state["candidates"]), limit)

    def _filter_or_exclude(self, negate: bool, args: tuple, kwargs: dict) -> "SearchResults":
        # Filtered after the search: the matches known to the shared state no longer
        # describe these results, so they are counted and ranked as they stand.
        clone = super()._filter_or_exclude(negate, args, kwargs)
        clone.search_state = {**self.search_state, "candidates": None, "exact": False}
        return clone

    def _ranked_ids(self) -> list[tuple[int, float]]:
        state = self.search_state
        if state["candidates"] is None:
            return list(self._chain().values_list("pk", "search_rank"))
        candidates = state["candidates"][: backend().CANDIDATES]
        if tuple(self.query.order_by) == RANK_ORDER:
            oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
            candidates = sorted(
                candidates, key=lambda c: (c[1], c[2] or oldest, c[0]), reverse=True
            )
            return [
                (pk, rank) for pk, rank, _ in candidates[self.query.low_mark : self.query.high_mark]
            ]
        among = backend().ranked_among(
            state["articles"], [pk for pk, _, _ in candidates], self.search_terms
        )
        among = among.order_by(*self.query.order_by)
        among.query.set_limits(self.query.low_mark, self.query.high_mark)
        return list(among.values_list("pk", "search_rank"))

    def _fetch_all(self) -> None:
        if (
            self._result_cache is not None
            or not self.search_terms
            or self._iterable_class is not ModelIterable
        ):
            super()._fetch_all()
            return
        ranked = self._ranked_ids()
        page = ArticleQuerySet(self.model, using=self._db).filter(pk__in=[pk for pk, _ in ranked])
        page.query.select_related = self.query.select_related
        page.query.deferred_loading = self.query.deferred_loading
        page = page.prefetch_related(*self._prefetch_related_lookups)
        page = page.order_by()  # Put in rank order below.
        page = page.annotate(search_snippet_source=backend().snippet(self.search_terms))
        found = {article.pk: article for article in page}
        self._result_cache = []
        for pk, rank in ranked:
            if pk in found:
                article = found[pk]
                article.search_rank = rank
                article.search_snippet = backend().snippet_html(article.search_snippet_source)
                self._result_cache.append(article)
        self._prefetch_done = True
