"""The cache keys of lists worked out from many articles, and when they go stale.

Related News and Most read are worked out from the set of published articles,
so any change to an article, its tags or its related links may change them for
other articles too. Rather than find every list a change touches, every key
carries a *generation* number that each such change bumps: the next page view
asks for a key nobody has written and works the list out afresh; the old
entries expire on their own.

The generation starts from the clock, not from 0, so a cache that lost it
(restart, eviction) never meets entries written under an earlier number.

A change made inside a transaction bumps the generation at once, so what the same
request reads next is worked out afresh, and once more when the transaction
commits: a reader in between worked its lists and pages out from the rows as they
were before the commit, and may have cached them under the new number.

A scheduled article's time coming changes the lists too, with no write and so
no signal: the cache also holds the next such time (``NEXT_DUE_KEY``), worked
out whenever the generation is bumped, and the first reader after it bumps
the generation again. No list computed before a scheduled article's time is
served after it.
"""

import contextlib
import datetime
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from newsportal.db_router import note_change

GENERATION_KEY = "np:generation"
# The header's sections (articles/navigation.py): read on every page, changed rarely.
NAVIGATION_KEY = "np:navigation:v1"
# When the next scheduled article is due (a POSIX timestamp; NEVER with none).
NEXT_DUE_KEY = "np:next-due"
NEVER = float("inf")
SINCE = "since"
# Lists stay stale this long at most when something changed without a signal
# (a QuerySet.update() in code that does not call bump_generation()).
RELATED_SECONDS = 10 * 60
MOST_READ_SECONDS = 5 * 60
# The generation one request has read (``one_generation()``): the page cache's key,
# Related News and Most read then read the cache once between them, not three times.
_REQUEST: ContextVar[dict[str, int] | None] = ContextVar("np_generation", default=None)
# Inside ``bumps_batched()``: whether a change asked for a new generation (else None).
_BATCHED: ContextVar[list[bool] | None] = ContextVar("np_bumps_batched", default=None)
# Whether a change asked for a new generation once the current transaction commits.
_committing = threading.local()


@contextlib.contextmanager
def one_generation() -> Iterator[None]:
    """Within the block, ``generation()`` reads the cache once and keeps what it read.

    A bump within the block (a request that changes an article) forgets it, so
    what the request reads afterwards is worked out under the new generation.
    """
    token = _REQUEST.set({})
    try:
        yield
    finally:
        _REQUEST.reset(token)


def generation() -> int:
    """The current generation (``_generation()``), read once per ``one_generation()`` block."""
    held = _REQUEST.get()
    if held is None:
        return _generation()
    if "generation" not in held:
        held["generation"] = _generation()
    return held["generation"]


def _generation() -> int:
    """The current generation, started from the clock when the cache has none.

    Bumped first when a scheduled article's time has come since the lists were
    made. A cache without a generation has no lists to go stale either, so it
    only notes the time (``(SINCE, moment)``) and the next reader asks for the
    first article due after it: a cold page pays no query for this.
    """
    held = cache.get_many([GENERATION_KEY, NEXT_DUE_KEY])
    current = held.get(GENERATION_KEY)
    due = held.get(NEXT_DUE_KEY)
    now = timezone.now().timestamp()
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        if due is None:
            cache.set(NEXT_DUE_KEY, (SINCE, now), timeout=None)
            return cache.get(GENERATION_KEY, 0)
    if due is None:  # Lost on its own: no telling what came due meanwhile.
        bump_generation()
    else:
        if isinstance(due, tuple):
            due = _store_next_due(after=due[1])
        if due <= now:
            bump_generation()
    return cache.get(GENERATION_KEY, 0)


def bump_generation() -> None:
    """Make every cached related and most-read list, and every cached page, stale.

    Now (at the end of the block, inside ``bumps_batched()``) and again once the
    current transaction commits.
    """
    _stale(_bump)


@contextlib.contextmanager
def bumps_batched() -> Iterator[None]:
    """Within the block, changes make one new generation, at its end (and on commit).

    For writers of many articles in one transaction (the importer's batches): a
    hundred articles saved make one generation and one query for the next scheduled
    time, instead of a hundred of each before any of the articles can be read.
    """
    asked = [False]
    token = _BATCHED.set(asked)
    try:
        yield
    finally:
        _BATCHED.reset(token)
    if asked[0]:
        _bump()


def _stale(now: Callable[[], None]) -> None:
    """Ask for a new generation: ``now`` at once (at the block's end inside
    ``bumps_batched()``), and a full bump once the current transaction commits."""
    batched = _BATCHED.get()
    if batched is not None:
        batched[0] = True
    else:
        now()
    _bump_on_commit()


def _bump() -> None:
    _next_generation()
    _store_next_due(after=timezone.now().timestamp())


def _bump_on_commit() -> None:
    """Bump once more when the transaction commits (nothing more outside one).

    Every change registers the callback; the first to run takes the request, so a
    transaction that changed a hundred rows bumps once. Callbacks of a rolled-back
    transaction are dropped by Django; its request waits for the next commit, where
    one more generation is harmless.
    """
    if transaction.get_connection().in_atomic_block:
        _committing.asked = True
        transaction.on_commit(_committed)


def _committed() -> None:
    if getattr(_committing, "asked", False):
        _committing.asked = False
        _bump()


def _next_generation() -> None:
    held = _REQUEST.get()
    if held is not None:
        held.pop("generation", None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # No generation yet (or it was evicted): start a new one.
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    note_change()  # Public pages read the primary until the replicas catch up.


def _store_next_due(after: float) -> float:
    """Find and keep when the first scheduled article after ``after`` is due: one query."""
    from articles.models import Article

    moment = (
        Article.objects.filter(
            status=Article.Status.PUBLISHED,
            published_at__gt=datetime.datetime.fromtimestamp(after, datetime.UTC),
        )
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    due = moment.timestamp() if moment else NEVER
    cache.set(NEXT_DUE_KEY, due, timeout=None)
    return due


def related_key(article_pk: int) -> str:
    return f"np:related:{generation()}:{article_pk}"


def most_read_key() -> str:
    return f"np:most-read:{generation()}"


def _changed(sender, **kwargs) -> None:
    bump_generation()


def _tags_changed(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_generation()


def _shown_changed(sender, **kwargs) -> None:
    """Something pages show changed: a new generation, without ``bump_generation``'s query.

    Only articles decide when the next scheduled one is due, so that stays as it was.
    """
    _stale(_next_generation)


def connect_signals() -> None:
    """Bump the generation whenever what the lists or the cached pages are made from changes.

    Whole pages (articles/page_cache.py) show bylines, people, publishers,
    pictures and corrections too, so a change to any of them bumps it as well.
    """
    from articles.models import (
        Article,
        Author,
        Byline,
        Correction,
        Image,
        Publisher,
        RelatedLink,
        Section,
        Tag,
    )

    for model in (Article, RelatedLink, Section, Tag):
        post_save.connect(_changed, sender=model, dispatch_uid=f"np-generation-save-{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"np-generation-delete-{model}")
    for model in (Author, Byline, Correction, Image, Publisher):
        uid = f"np-generation-shown-{model}"
        post_save.connect(_shown_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_shown_changed, sender=model, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="np-tags")
