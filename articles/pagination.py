"""Paged lists of articles whose page numbers are checked, with a reason when wrong.

A list never counts or skips more than ``MAX_PAGES`` pages of rows: on a
million-article archive ``COUNT(*)`` over a whole section, or ``OFFSET 900000``,
would read the table for every visitor who follows a deep link. Past that
bound older stories are for search and archives. Nor does a page count further
than ``LOOKAHEAD_PAGES`` beyond itself: page 1 of a tag on a hundred thousand
articles counts 201 rows, not 20,001, and says "Page 1 of 10+".
"""

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.views.generic import ListView

from articles.addresses import absolute_url
from articles.errors import NotFound

# A page number longer than this is shown cut short in the message.
SHOWN_CHARACTERS = 20
# The deepest page a list reaches.
MAX_PAGES = 1000
# How many pages past the one shown are counted.
LOOKAHEAD_PAGES = 9


class BoundedPaginator(Paginator):
    """A Paginator that counts at most ``pages`` pages of rows, plus one row.

    The count is ``SELECT COUNT(*) FROM (SELECT id … LIMIT n)``; ``has_more``
    says whether rows lie beyond the last page it offers.
    """

    def __init__(self, *args: Any, pages: int = MAX_PAGES, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages = pages

    @cached_property
    def _counted(self) -> int:
        bound = self.pages * self.per_page
        # Only ids, in any order: counting needs no columns and no sort.
        return self.object_list.order_by().values("pk")[: bound + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.pages * self.per_page)

    @property
    def has_more(self) -> bool:
        return self._counted > self.pages * self.per_page


class ListPaginator(BoundedPaginator):
    """A BoundedPaginator for lists of article cards, which finds a page's ids first."""

    def page(self, number: Any) -> Page:
        """The page, its rows chosen by id first (a "deferred join").

        ``OFFSET`` must step over every row before the page; asking only for
        ids lets the database step over index entries, where fetching whole
        cards would read each skipped article and join its section, publisher
        and picture (page 500 of a tag: 54 ms to a few). The page's twenty
        rows are then read in full, in the list's own order.
        """
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)


class PagedListView(ListView):
    """A ListView of ``ARTICLES_PER_PAGE`` items that names a bad ``?page=`` value.

    ``?page=abc`` and ``?page=99`` get a 404 saying which page was asked for and
    which exist, instead of a generic "not found". Each page names its canonical
    address (the bare path for page 1) as ``canonical_url``, and its neighbours
    as ``previous_url`` and ``next_url`` for ``rel=prev``/``rel=next``.
    """

    paginator_class = ListPaginator

    def get_paginate_by(self, queryset: Any) -> int:
        return settings.ARTICLES_PER_PAGE

    def paginate_queryset(
        self, queryset: QuerySet, page_size: int
    ) -> tuple[Paginator, Page, Any, bool]:
        raw = self.request.GET.get(self.page_kwarg, "1")
        shown = raw if len(raw) <= SHOWN_CHARACTERS else raw[:SHOWN_CHARACTERS] + "…"
        if not (raw.isascii() and raw.isdigit()):
            raise NotFound(f"“{shown}” is not a page number: pages are numbered 1, 2, 3 and so on.")
        # Beyond eighteen digits no list has that many pages (and int() may refuse it).
        number = int(raw) if len(raw) <= 18 else 0
        paginator = self.get_paginator(
            queryset,
            page_size,
            allow_empty_first_page=self.get_allow_empty(),
            pages=min(MAX_PAGES, max(number, 1) + LOOKAHEAD_PAGES),
        )
        if not 1 <= number <= paginator.num_pages:
            raise NotFound(f"There is no page {shown} of this list. {_extent(paginator)}")
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def page_url(self, number: int) -> str:
        return self.request.path if number == 1 else f"{self.request.path}?page={number}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["canonical_url"] = absolute_url(self.page_url(page.number))
        context["previous_url"] = (
            self.page_url(page.previous_page_number()) if page.has_previous() else ""
        )
        context["next_url"] = self.page_url(page.next_page_number()) if page.has_next() else ""
        return context


def _extent(paginator: BoundedPaginator) -> str:
    pages = paginator.num_pages
    if paginator.has_more:
        return f"Lists go back {pages:,} pages; older articles are found by searching or by date."
    return "There is only page 1." if pages == 1 else f"Pages run from 1 to {pages:,}."
