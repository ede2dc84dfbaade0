"""What every API answer shares: JSON bodies, conditional GETs and CORS.

Bodies are written by ``ninjs.dumps`` (stable), so the ETag is a hash of the body:
equal answers have equal tags, and a changed one (an edit, a new article, another
``SITE_URL``) a new one. ``Last-Modified`` is the newest ``versionCreated`` among
the documents. Django's ``get_conditional_response`` (what ``ConditionalGetMiddleware``
and the ``condition`` decorator use) then answers 304 to ``If-None-Match`` or
``If-Modified-Since``; computing the tag after the queries costs nothing extra,
where the ``condition`` decorator would ask the database a second time.
"""

import datetime
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from articles.formats.ninjs import dumps

JSON = "application/json; charset=utf-8"
SAFE_METHODS = ("GET", "HEAD")
# Conditional GETs from a browser's script send these: they need a preflight.
ALLOWED_HEADERS = "If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Link"
PREFLIGHT_MAX_AGE = 86400


def json_response(data: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(data), content_type=JSON, status=status)


def error(status: int, message: str, **fields: str) -> HttpResponse:
    """A JSON error: ``{"error": {"status": 400, "message": …, "parameter": …}}``."""
    return json_response({"error": {"status": status, "message": message, **fields}}, status)


def conditional(
    request: HttpRequest, response: HttpResponse, last_modified: datetime.datetime | None
) -> HttpResponse:
    """``response`` with its ETag and Last-Modified, or a 304 when the client has it."""
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response.headers["ETag"] = etag
    timestamp = last_modified.timestamp() if last_modified else None
    if timestamp is not None:
        response.headers["Last-Modified"] = http_date(timestamp)
    # As the pages (articles/page_cache.py): clients revalidate, shared caches keep it briefly.
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_MAX_AGE,
        s_maxage=settings.PAGE_SHARED_MAX_AGE,
        stale_while_revalidate=settings.PAGE_SHARED_MAX_AGE,
    )
    return get_conditional_response(
        request, etag=etag, last_modified=int(timestamp) if timestamp else None, response=response
    )


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD from any origin, with a CORS preflight answer; other methods get 405.

    The API is public and read-only and needs no cookie, so ``*`` is safe.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            response.headers["Allow"] = "GET, HEAD, OPTIONS"
        elif request.method not in SAFE_METHODS:
            response = error(405, f"{request.method} is not allowed: this API is read-only.")
            response.headers["Allow"] = "GET, HEAD, OPTIONS"
        else:
            response = view(request, *args, **kwargs)
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    # Nothing here changes state, and no cookie is read: no CSRF token to ask for.
    wrapped.csrf_exempt = True
    return wrapped
