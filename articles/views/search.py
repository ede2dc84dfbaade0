"""The search page: /search/?q=…, with optional section and dates."""

from functools import cached_property
from typing import Any

from django.http import HttpRequest, HttpResponse

from articles.addresses import absolute_url
from articles.models import Article, Section
from articles.pagination import BoundedPaginator, PagedListView
from articles.search.form import SearchForm
from articles.search.query import MAX_QUERY_LENGTH

# Results counted and shown at most (the backends rank that many newest matches):
# beyond, a reader narrows the search by section or dates instead of paging.
MAX_COUNTED = 300


class CountedUpTo(BoundedPaginator):
    """Counts matches only up to ``MAX_COUNTED``, so a common word costs no full count."""

    @cached_property
    def _counted(self) -> int:
        return self.object_list.count_matches(MAX_COUNTED + 1)

    @cached_property
    def count(self) -> int:
        return min(self._counted, MAX_COUNTED)

    @property
    def has_more(self) -> bool:
        return self._counted > MAX_COUNTED


class SearchView(PagedListView):
    """Published articles matching the query, best first; the newest among equals."""

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginator_class = CountedUpTo

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form = SearchForm(request.GET, sections=list(Section.objects.all()))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.form.is_valid():
            return Article.objects.published().search("")  # Nothing, as a search.
        data = self.form.cleaned_data
        return (
            Article.objects.published()
            .for_results()
            .search(self.form.terms, section=data["section"], start=data["from"], end=data["to"])
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(form=self.form, **kwargs)
        valid = self.form.is_valid()
        terms = self.form.terms if valid else None
        context["terms"] = terms
        context["max_length"] = MAX_QUERY_LENGTH
        if terms:
            query_string = self.form.query_string()
            number = context["page_obj"].number
            page = f"&page={number}" if number > 1 else ""
            context["query_string"] = query_string
            context["canonical_url"] = absolute_url(f"{self.request.path}?{query_string}{page}")
            context["more"] = context["paginator"].has_more
        return context
