"""Gunicorn's settings for Newsportal, read from the working directory by default.

No access log: the site logs one line per request itself, with a request id and
the time Django took (newsportal/request_log.py), to standard error like the rest.
"""

import os
import sys

from newsportal import heap

accesslog = None


def on_starting(server: object) -> None:
    """Before any worker boots: refuse to start, in one line, without collected static files.

    Otherwise each worker fails to load the site (newsportal/wsgi.py) with a traceback.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    from django.core.exceptions import ImproperlyConfigured

    from newsportal.static_files import missing_manifest

    try:
        problem = missing_manifest()
    except ImproperlyConfigured as exc:  # Settings that do not load say so the same way.
        problem = str(exc)
    if problem:
        sys.exit(f"error: {problem}")


def post_worker_init(worker: object) -> None:
    """Each worker has loaded the site: settle its heap before the first request."""
    heap.settle()
