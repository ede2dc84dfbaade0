"""Addresses of pages: paths by view name (remembered), full addresses on SITE_URL."""

import functools
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


@receiver(setting_changed, dispatch_uid="np-forget-paths")
def _forget_paths(setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()


def absolute_url(path: str) -> str:
    """``path`` on SITE_URL, the site's public address from settings.

    Never on the request's Host header: a client chooses that one, and a spoofed
    host or port would otherwise reach canonical links, feeds and shares. An
    address that is absolute already (a picture on object storage) is kept.
    """
    if urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}{path}"
