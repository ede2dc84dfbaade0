"""The cache keys of lists worked out from many articles, and when they go stale.

Related News and Most read are worked out from the set of published articles,
so any change to an article, its tags or its related links may change them for
other articles too. Rather than find every list a change touches, every key
carries a *generation* number that each such change bumps: the next page view
asks for a key nobody has written and works the list out afresh; the old
entries expire on their own.

The generation starts from the clock, not from 0, so a cache that lost it
(restart, eviction) never meets entries written under an earlier number.
"""

import time

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "np:generation"
# The header's sections (articles/navigation.py): read on every page, changed rarely.
NAVIGATION_KEY = "np:navigation:v1"
# Lists stay stale this long at most when something changed without a signal
# (a scheduled article whose time came, a QuerySet.update() in code).
RELATED_SECONDS = 10 * 60
MOST_READ_SECONDS = 5 * 60


def generation() -> int:
    """The current generation, started from the clock when the cache has none."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY, 0)
    return current


def bump_generation() -> None:
    """Make every cached related and most-read list stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # No generation yet (or it was evicted): start a new one.
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def related_key(article_pk: int) -> str:
    return f"np:related:{generation()}:{article_pk}"


def most_read_key() -> str:
    return f"np:most-read:{generation()}"


def _changed(sender, **kwargs) -> None:
    bump_generation()


def _tags_changed(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_generation()


def connect_signals() -> None:
    """Bump the generation whenever what the lists are made from changes."""
    from articles.models import Article, RelatedLink, Section, Tag

    for model in (Article, RelatedLink, Section, Tag):
        post_save.connect(_changed, sender=model, dispatch_uid=f"np-generation-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"np-generation-delete-{model}")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="np-tags")
