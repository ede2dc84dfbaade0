"""Whole public pages, kept for anonymous readers and marked for HTTP caches.

Two parts:

- ``public_page`` wraps a view whose pages are the same for every anonymous
  reader. Their 200 answers get ``Cache-Control: public`` with a short
  ``max-age`` (``PAGE_MAX_AGE``, 0: browsers revalidate and see a change on
  the next request), ``s-maxage`` and ``stale-while-revalidate``
  (``PAGE_SHARED_MAX_AGE``, for nginx's micro-cache),
  a ``Last-Modified`` and ``Vary: Cookie``; a request carrying a session cookie (an editor,
  perhaps previewing a draft) gets ``private, no-store`` instead. Only
  answers it marked are ever stored below.
- ``PageCacheMiddleware`` keeps those answers in the ``pages`` cache for
  ``PAGE_CACHE_SECONDS`` and serves them again without running the view. The
  key is the generation (``articles.caching.generation()``), the path and the
  query string: any change to an article, a byline, a person, a picture, a tag,
  a section, a link or a correction bumps the generation, and so does the
  first request after a scheduled article's time, so the next request after
  any of them renders afresh. Old pages expire on their own.

Never stored or served from here: requests with a session cookie (whoever is
logged in, whatever they see), anything but GET, answers that are not 200,
that set a cookie (a CSRF token on the page sets one), that vary on anything
but Cookie or that say ``private``/``no-store``/``no-cache`` (preview links,
the admin). The page varies on nothing else for an anonymous reader: addresses
come from SITE_URL, not the Host, and nothing below compresses (whitenoise
compresses static files only).

An article page served from here still counts its read for Most read: the
view notes which article it showed (``note_read``) and the stored page carries
it; ``record_read`` keeps its exclusions (robots; staff never reach this path).

``Last-Modified`` counts whole seconds: a client that sends only
``If-Modified-Since`` (browsers send the ETag too, which wins) may miss a change
made in the same second as its copy, until the stored page is made again.

``PAGE_CACHE=off`` in the environment turns the storing off (the headers stay).
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, split_header_value
from django.views.decorators.csrf import csrf_exempt

from articles.caching import generation, one_generation
from articles.methods import read_only
from articles.models import Article
from articles.popularity import record_read

PAGES = "pages"  # The cache alias: pages never crowd out the read counts in "default".
STATUS_HEADER = "X-Page-Cache"
_STORABLE = "_np_public_page"
_READ = "_np_page_read"
_NOT_SHARED = {"private", "no-store", "no-cache"}

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class StoredRead:
    """The article a stored page counts a read of (``popularity.Readable``): no model to build."""

    pk: int
    status: str
    published_at: datetime.datetime | None


def is_anonymous(request: HttpRequest) -> bool:
    """Whether the request carries no session, so it cannot be anyone logged in."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(view: View, *, answers_methods: bool = False) -> View:
    """Mark ``view``'s pages as the same for every anonymous reader (see the module).

    Such a page is only read: other methods than GET and HEAD get 405 (``articles.methods``),
    unless ``answers_methods`` says the view answers them itself (the API: CORS preflights,
    and its 405 in JSON); either way no CSRF page stands in for that answer.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            return response
        # A browser that kept a page from before its user logged in must not show it
        # after: an editor who publishes would see the old front page.
        patch_vary_headers(response, ["Cookie"])
        if not is_anonymous(request):
            if not _shared(response):  # An API answer already public stays so.
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
            return response
        if not response.has_header("Cache-Control"):  # The API sets its own, and 304s.
            # Browsers ask again each time (a 304 from the ETag when nothing changed), so
            # a reader sees a change on the next request; shared caches (nginx) keep it briefly.
            shared = settings.PAGE_SHARED_MAX_AGE
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_MAX_AGE,
                s_maxage=shared,
                stale_while_revalidate=shared,
            )
            # When this copy was made, replacing a feed's or sitemap's newest item time:
            # a page changes with no newer item (one unpublished, Most read moving), and
            # ConditionalGetMiddleware answers If-Modified-Since from this header.
            response.headers["Last-Modified"] = http_date()
        setattr(response, _STORABLE, _shared(response))
        return response

    if answers_methods:
        return csrf_exempt(wrapped)
    return read_only(wrapped)  # Nothing public takes a POST: 405, not the CSRF page.


def note_read(response: HttpResponse, article: Article) -> None:
    """Let a stored copy of this article's page count a read each time it is served."""
    setattr(response, _READ, StoredRead(article.pk, article.status, article.published_at))


class PageCacheMiddleware:
    """Serve anonymous readers the pages ``public_page`` marked, from the ``pages`` cache.

    Sits below ConditionalGetMiddleware (which answers 304 from the stored
    ETag) and above the session, so a page served from here costs no session,
    no URL resolving and no SQL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The page's key, Related News and Most read share one read of the generation.
        with one_generation():
            return self._respond(request)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if not (settings.PAGE_CACHE and request.method == "GET" and is_anonymous(request)):
            return self.get_response(request)
        request.get_host()  # A Host not in ALLOWED_HOSTS is refused (400) here too.
        pages = caches[PAGES]
        # The key is taken before the page is made: a page made while something
        # changed is kept under the generation it began in, which is already stale.
        key = page_key(request)
        held = pages.get(key)
        if held is not None:
            return _serve(request, held)
        response = self.get_response(request)
        if _storable(response):
            if not response.has_header("ETag"):  # The API makes its own.
                set_response_etag(response)
            pages.set(key, _frozen(response), settings.PAGE_CACHE_SECONDS)
            response.headers[STATUS_HEADER] = "miss"
        return response


def page_key(request: HttpRequest) -> str:
    """The cache key of a page: the generation, then a digest of its path and query string."""
    address = f"{request.path}?{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return f"np:page:{generation()}:{digest}"


def _shared(response: HttpResponse) -> bool:
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in split_header_value(response.get("Cache-Control", ""))
    }
    return "public" in directives and not directives & _NOT_SHARED


def _storable(response: HttpResponse) -> bool:
    if not getattr(response, _STORABLE, False) or response.status_code != 200:
        return False
    if response.streaming or response.cookies or response.has_header("Content-Encoding"):
        return False
    vary = {name.lower() for name in split_header_value(response.get("Vary", ""))}
    return vary <= {"cookie"}


def _frozen(response: HttpResponse) -> tuple[bytes, list[tuple[str, str]], StoredRead | None]:
    """What is stored: the body, the headers, and the article whose read it counts."""
    return response.content, list(response.items()), getattr(response, _READ, None)


def _serve(request: HttpRequest, held: tuple) -> HttpResponse:
    content, headers, read = held
    response = HttpResponse(content, headers=dict(headers))
    response.headers[STATUS_HEADER] = "hit"
    if read is not None:
        record_read(request, read)
    return response
