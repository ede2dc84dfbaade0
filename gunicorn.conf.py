"""Gunicorn's settings for Newsportal, read from the working directory by default."""

from newsportal import heap


def post_worker_init(worker: object) -> None:
    """Each worker has loaded the site: settle its heap before the first request."""
    heap.settle()
