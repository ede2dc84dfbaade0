"""Values every page's layout needs."""

from functools import partial

from django.conf import settings
from django.http import HttpRequest

from articles.navigation import NavigationItem, navigation_sections


def site(request: HttpRequest) -> dict[str, object]:
    """The site's name, and the header's sections (read only by pages that show them)."""
    return {"SITE_NAME": settings.SITE_NAME, "navigation": partial(_navigation, request.path)}


def _navigation(path: str) -> list[tuple[NavigationItem, bool]]:
    """Each header section with whether it is the page being shown."""
    return [(item, item.url == path) for item in navigation_sections()]
