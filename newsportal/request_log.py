"""One log line a request, under a request id that the answer carries back.

The id comes from the ``X-Request-ID`` header when a proxy in front set a
well-formed one (so its log and ours share it), else it is made here; it is
echoed in the answer's ``X-Request-ID`` and put on every record logged while
the request is served (``newsportal.logs``), tracebacks included. The line
gives the method, the path, the status and the time the site took, in ms.

First in MIDDLEWARE, so pages served from the page cache and health probes
are logged too. This replaces gunicorn's access log (which knows no request id
and no Django-side duration): the site runs gunicorn without one.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.encoding import escape_uri_path

from newsportal.logs import REQUESTS_LOGGER, request_id

logger = logging.getLogger(REQUESTS_LOGGER)

HEADER = "X-Request-ID"
# Ids other software makes (UUIDs, hex, base64url, "trace-123:4"); nothing that could
# break a log line or a header: no spaces, quotes or control characters.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")


def incoming_id(request: HttpRequest) -> str:
    """The proxy's request id when it is well-formed, else a new one."""
    given = request.headers.get(HEADER, "")
    return given if WELL_FORMED.fullmatch(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = incoming_id(request)
        token = request_id.set(rid)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - start) * 1000, 1)
            response.headers[HEADER] = rid
            # Percent-encoded as in a request line: a decoded %0A cannot forge a log line.
            path = escape_uri_path(request.path)
            logger.info(
                "%s %s %s %.1fms",
                request.method,
                path,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            request_id.reset(token)
