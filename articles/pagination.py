"""Paged lists of articles whose page numbers are checked, with a reason when wrong."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.views.generic import ListView

from articles.addresses import absolute_url
from articles.errors import NotFound

# A page number longer than this is shown cut short in the message.
SHOWN_CHARACTERS = 20


class PagedListView(ListView):
    """A ListView of ``ARTICLES_PER_PAGE`` items that names a bad ``?page=`` value.

    ``?page=abc`` and ``?page=99`` get a 404 saying which page was asked for and
    which exist, instead of a generic "not found". Each page names its canonical
    address (the bare path for page 1) as ``canonical_url``.
    """

    def get_paginate_by(self, queryset: Any) -> int:
        return settings.ARTICLES_PER_PAGE

    def paginate_queryset(
        self, queryset: QuerySet, page_size: int
    ) -> tuple[Paginator, Page, Any, bool]:
        paginator = self.get_paginator(
            queryset, page_size, allow_empty_first_page=self.get_allow_empty()
        )
        raw = self.request.GET.get(self.page_kwarg, "1")
        shown = raw if len(raw) <= SHOWN_CHARACTERS else raw[:SHOWN_CHARACTERS] + "…"
        if not (raw.isascii() and raw.isdigit()):
            raise NotFound(f"“{shown}” is not a page number: pages are numbered 1, 2, 3 and so on.")
        # Beyond eighteen digits no list has that many pages (and int() may refuse it).
        number = int(raw) if len(raw) <= 18 else 0
        if not 1 <= number <= paginator.num_pages:
            pages = paginator.num_pages
            extent = "There is only page 1." if pages == 1 else f"Pages run from 1 to {pages}."
            raise NotFound(f"There is no page {shown} of this list. {extent}")
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        number = context["page_obj"].number
        path = self.request.path if number == 1 else f"{self.request.path}?page={number}"
        context["canonical_url"] = absolute_url(self.request, path)
        return context
