"""Full addresses for pages and pictures, as search engines and shares should see them."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on SITE_URL, the site's public address from settings.

    Never on the request's Host header: a client chooses that one, and a spoofed
    host or port would otherwise reach canonical links, feeds and shares. An
    address that is absolute already (a picture on object storage) is kept.
    """
    if urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}{path}"
