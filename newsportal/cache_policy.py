"""No answer left for a shared cache to guess about: what is not marked public is private.

Public pages say how long a CDN may keep them (``articles.page_cache.public_page``),
static files say so too (WhiteNoise), and the admin and preview links say
``no-store``. Anything else without a ``Cache-Control`` header (a page not
found, a server error, the answer to a form, a redirect) would otherwise be
left to a CDN's heuristics, which may keep a 404 for minutes: a story's
address asked a moment before it is published would stay "not found" after.
Such answers get ``private, no-store`` here; a header already set is left as it is.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class PrivateByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
