"""The site's URLconf plus the bench's ceiling: a trivial view of the article page's size.

Only bench/site_settings.py names this module. The body is the file named by
BENCH_BODY_FILE, read once when the worker starts, so the view does nothing
but answer: what Django and gunicorn cost on this machine with no page behind.
"""

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path

from newsportal.urls import handler404  # noqa: F401
from newsportal.urls import urlpatterns as site_urlpatterns

_BODY_FILE = Path(os.environ.get("BENCH_BODY_FILE", "/nonexistent"))
# bench/site.py writes the file before it starts the server; in process it is not there yet.
BODY = _BODY_FILE.read_bytes() if _BODY_FILE.is_file() else b"<!doctype html><title>bench</title>"
TRIVIAL_PATH = "__bench__/trivial/"


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path(TRIVIAL_PATH, trivial), *site_urlpatterns]
