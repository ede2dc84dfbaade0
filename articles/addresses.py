"""Full addresses for pages and pictures, as search engines and shares should see them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def absolute_url(request: HttpRequest, path: str) -> str:
    """``path`` on SITE_URL when it is set, else on the host the request came to.

    An address that is absolute already (a picture on object storage) is kept.
    """
    if urlsplit(path).scheme:
        return path
    if settings.SITE_URL:
        return f"{settings.SITE_URL}{path}"
    return request.build_absolute_uri(path)
