"""What the admin does with query strings it cannot use: a 400 that says why.

Django's change lists turn every query-string pair they do not know into a
filter: ``?status__exact=%00`` reached PostgreSQL (which refuses a NUL in
text) and answered 500, ``?name__regex=(`` did the same, and a search of five
hundred words became five hundred LIKE clauses per field. One middleware
guards every admin page, the lists of ``django.contrib.auth`` and any
ModelAdmin added later included:

- a NUL anywhere in the query string is a 400 naming the parameter;
- on a change list, a parameter that is neither the list's own (search,
  order, page, …) nor one of its filters' is a 400 naming it;
- a date-hierarchy year too large for a date is a 400, not an OverflowError;
- a search (``q``, and ``term`` in autocomplete) keeps its first
  ``MAX_SEARCH_WORDS`` words, and the list says so.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.options import IS_FACETS_VAR, IS_POPUP_VAR, SOURCE_MODEL_VAR, TO_FIELD_VAR
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
)
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.text import smart_split

# Enough for any headline or name; a search is ANDed word by word, so more
# words narrow nothing an editor needs and cost a clause per word and field.
MAX_SEARCH_WORDS = 20
LIST_PARAMETERS = frozenset(
    {
        ALL_VAR,
        ORDER_VAR,
        PAGE_VAR,
        SEARCH_VAR,
        ERROR_FLAG,
        IS_POPUP_VAR,
        TO_FIELD_VAR,
        IS_FACETS_VAR,
        SOURCE_MODEL_VAR,
    }
)
# The lookups Django's own list filters write into the query string.
FILTER_LOOKUPS = frozenset(
    {"exact", "isnull", "isempty", "gte", "gt", "lte", "lt", "in", "year", "month", "day"}
)
DATE_PARTS = {"year": 9999, "month": 12, "day": 31}


def _bad_request(reason: str) -> HttpResponse:
    return HttpResponseBadRequest(
        f"Bad request: {reason}\n", content_type="text/plain; charset=utf-8"
    )


def _shown(name: str) -> str:
    return repr(name.replace("\x00", "\\x00")[:60])


def filter_names(model_admin: ModelAdmin, request: HttpRequest) -> set[str]:
    """The field paths and parameter names this change list's filters use."""
    names: set[str] = set()
    for entry in model_admin.get_list_filter(request):
        if isinstance(entry, str):
            names.add(entry)
        elif isinstance(entry, tuple | list):
            names.add(entry[0])
        else:  # A SimpleListFilter class names its own parameter.
            names.add(getattr(entry, "parameter_name", ""))
    if model_admin.date_hierarchy:
        names.add(model_admin.date_hierarchy)
    return names


def unknown_filter(model_admin: ModelAdmin, request: HttpRequest, key: str) -> bool:
    """Whether ``key`` is a filter the change list shows none of (``name__regex``)."""
    names = filter_names(model_admin, request)
    if key in names:
        return False
    path = key.split("__")
    while path and path[-1] in FILTER_LOOKUPS | {"id", "pk"}:
        path.pop()
        if "__".join(path) in names:
            return False
    return True


def bad_date_part(key: str, value: str) -> str | None:
    """Why a date-hierarchy value cannot be a date, or None when it can (or is no date)."""
    part = key.rsplit("__", 1)[-1]
    if part in DATE_PARTS and value.isdigit() and int(value) > DATE_PARTS[part]:
        return f"{_shown(key)} is {value}, more than a {part} can be."
    return None


def capped(search: str) -> tuple[str, int]:
    """The search's first ``MAX_SEARCH_WORDS`` words (quoted phrases kept whole), and
    how many it had."""
    words = list(smart_split(search))
    return " ".join(words[:MAX_SEARCH_WORDS]), len(words)


class AdminQueryStringMiddleware:
    """Refuses query strings the admin cannot use, before they reach the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if not request.path.startswith(reverse("admin:index")):
            return None
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return _bad_request(
                    f"the query string holds a NUL character (in {_shown(key)}); remove it."
                )
        match = request.resolver_match
        url_name = match.url_name if match else ""
        model_admin = getattr(view_func, "model_admin", None)
        if model_admin is not None and url_name.endswith("_changelist"):
            for key, values in request.GET.lists():
                if key in LIST_PARAMETERS:
                    continue
                if unknown_filter(model_admin, request, key):
                    return _bad_request(f"{_shown(key)} is not one of this list's filters.")
                for value in values:
                    if reason := bad_date_part(key, value):
                        return _bad_request(reason)
            self._cap_search(request, SEARCH_VAR, tell=True)
        elif url_name == "autocomplete":
            self._cap_search(request, "term", tell=False)
        return None

    def _cap_search(self, request: HttpRequest, name: str, *, tell: bool) -> None:
        search = request.GET.get(name)
        if not search:
            return
        kept, count = capped(search)
        if count <= MAX_SEARCH_WORDS:
            return
        query = request.GET.copy()
        query[name] = kept
        request.GET = query
        if tell:
            messages.info(
                request,
                f"Searched for the first {MAX_SEARCH_WORDS} words only: "
                f"the other {count - MAX_SEARCH_WORDS} were left out.",
            )
