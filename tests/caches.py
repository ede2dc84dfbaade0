"""Every cache emptied, as after a restart: the query counts pages are held to start here."""

from django.conf import settings
from django.core.cache import caches


def clear_all() -> None:
    """Empty every configured cache (read counts, lists, navigation, generation, pages)."""
    for alias in settings.CACHES:
        caches[alias].clear()
