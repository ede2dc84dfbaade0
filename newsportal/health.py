"""``/healthz`` and ``/readyz``: what a load balancer or an orchestrator asks a web node.

- ``/healthz``: the process is alive and answering. Touches nothing else, so a
  database outage does not get every node restarted at once.
- ``/readyz``: the node can serve pages: the database answers a query and each
  cache answers a read. JSON, ``{"database": "ok", "cache": "ok"}`` with 200, or
  503 with the part that failed named (the exception's class only; the detail
  goes to the log, not to whoever asks).

Answered by a middleware placed right under SecurityMiddleware, before the page
cache (which reads the cache to build its key: a cache outage would otherwise
answer 500 before the check could say so), the session and CSRF. Both are
``no-store``. SECURE_REDIRECT_EXEMPT lets probes come over plain HTTP; the Host
header is still checked against ALLOWED_HOSTS.
"""

import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
_PROBE_KEY = "np:readyz"


def database_status() -> str:
    """``ok`` when the default database answers ``SELECT 1``, else what went wrong."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("readyz: the database is unreachable: %s", exc)
        # The next request connects afresh instead of reusing a broken connection.
        connection.close_if_unusable_or_obsolete()
        return f"unreachable ({type(exc).__name__})"
    return "ok"


def cache_status() -> str:
    """``ok`` when every configured cache answers a read, else which one failed and how."""
    for alias in settings.CACHES:
        try:
            caches[alias].get(_PROBE_KEY)
        except Exception as exc:  # Each backend raises its own errors (redis, memcached).
            logger.warning("readyz: the cache %r is unreachable: %s", alias, exc)
            return f"unreachable ({alias}: {type(exc).__name__})"
    return "ok"


def _answer(body: bytes, status: int, content_type: str) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=content_type)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answer the two probe addresses before anything else in the chain runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in (HEALTH_PATH, READY_PATH) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        request.get_host()  # A Host not in ALLOWED_HOSTS is refused (400), as for any page.
        if path == HEALTH_PATH:
            return _answer(b"ok\n", 200, "text/plain; charset=utf-8")
        checks = {"database": database_status(), "cache": cache_status()}
        ready = all(value == "ok" for value in checks.values())
        return _answer(
            json.dumps(checks).encode(), 200 if ready else 503, "application/json; charset=utf-8"
        )
