"""The header's section navigation, read from the cache so most pages pay no query.

Editors choose the sections (``in_navigation``) and their order (``position``);
saving or deleting any section reads the list again once the change is
committed, so readers' pages find it cached rather than paying for a cold read.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.caching import NAVIGATION_KEY
from articles.models import Section

# A day at most: the signals below forget the list on every change that matters.
CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class NavigationItem:
    id: int
    name: str
    url: str


def navigation_sections() -> list[NavigationItem]:
    """The header's sections in their order, from the cache when it has them."""
    items = cache.get(NAVIGATION_KEY)
    if items is None:
        items = [
            NavigationItem(section.pk, section.name, section.get_absolute_url())
            for section in Section.objects.filter(in_navigation=True).only("name", "slug")
        ]
        cache.set(NAVIGATION_KEY, items, CACHE_SECONDS)
    return items


@receiver(post_save, sender=Section, dispatch_uid="navigation-section-saved")
@receiver(post_delete, sender=Section, dispatch_uid="navigation-section-deleted")
def recache_navigation(**kwargs: object) -> None:
    cache.delete(NAVIGATION_KEY)
    transaction.on_commit(navigation_sections)
