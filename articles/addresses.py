"""Addresses of pages: paths by view name (remembered), full addresses on SITE_URL."""

import functools
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# Paths remembered per process: every article, section, tag and person a page
# links to is reversed again on every page otherwise (25 times on an article
# page, 60 to 140 µs each). A path is a few dozen bytes; this bounds the memory.
PATHS_REMEMBERED = 20_000


def page_path(viewname: str, **kwargs: str | int) -> str:
    """``reverse(viewname, kwargs=kwargs)``, worked out once per process for each address.

    The same view and arguments always give the same path for one URLconf and
    script prefix, which are part of the key; a test that changes the URLconf
    forgets every path (``_forget_paths``).
    """
    return _reversed(get_script_prefix(), get_urlconf(), viewname, tuple(kwargs.items()))


@functools.lru_cache(maxsize=PATHS_REMEMBERED)
def _reversed(
    prefix: str, urlconf: str | None, viewname: str, items: tuple[tuple[str, str | int], ...]
) -> str:
    return reverse(viewname, kwargs=dict(items), urlconf=urlconf)


# What the article route's ``<slug:slug>`` takes; any other slug is left to reverse().
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# Values no real address holds, reversed once to find where each part of the route goes.
_MARKERS = {"year": 918273645, "month": 97, "day": 98, "slug": "np-slug-marker"}


def article_path(year: int, month: int, day: int, slug: str) -> str:
    """The article page's path, as ``reverse("articles:detail", …)`` gives it, by formatting.

    The route is reversed once per URLconf and script prefix with marker values,
    and each address is then a ``format()``: a reverse costs 40–90 µs, and the
    importer prints the address of each of thousands of unchanged files. A slug
    the route's converter would refuse goes through ``page_path()`` (and fails there).
    """
    route = _article_route(get_script_prefix(), get_urlconf())
    if route is None or not _SLUG.fullmatch(slug):
        return page_path(
            "articles:detail", year=year, month=f"{month:02d}", day=f"{day:02d}", slug=slug
        )
    return route.format(year=year, month=month, day=day, slug=slug)


@functools.lru_cache(maxsize=8)
def _article_route(prefix: str, urlconf: str | None) -> str | None:
    """The route as a format string, or None if a marker is not found exactly once."""
    markers = {name: str(value) for name, value in _MARKERS.items()}
    path = reverse("articles:detail", kwargs=markers, urlconf=urlconf)
    route = path.replace("{", "{{").replace("}", "}}")
    for name, placeholder in (
        ("year", "{year}"),
        ("month", "{month:02d}"),
        ("day", "{day:02d}"),
        ("slug", "{slug}"),
    ):
        if route.count(markers[name]) != 1:
            return None
        route = route.replace(markers[name], placeholder)
    return route


@receiver(setting_changed, dispatch_uid="np-forget-paths")
def _forget_paths(setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
        _article_route.cache_clear()


def absolute_url(path: str) -> str:
    """``path`` on SITE_URL, the site's public address from settings.

    Never on the request's Host header: a client chooses that one, and a spoofed
    host or port would otherwise reach canonical links, feeds and shares. An
    address that is absolute already (a picture on object storage) is kept.
    """
    if urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}{path}"
