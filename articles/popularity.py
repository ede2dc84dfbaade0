"""Most read: reads counted on our own server, in the cache, folded into the database.

A read is one GET of a published article's page by someone who is neither
staff nor a robot. Nothing about the reader is kept, no cookie is set and no
script runs: the count is one ``cache.incr`` on a key for (hour, article). A
page view never writes to the database; the counts are *folded* into
``ArticleReadCount`` a batch at a time, when ``READS_FOLD_BATCH`` reads are
waiting or ``READS_FOLD_SECONDS`` have passed since the last fold (checked by
the view that records a read), or when an operator runs ``manage.py fold_reads``.
With a cache every process shares (Redis), the view only queues the fold as a
task (``fold_task``, one at a time) and the worker writes it, so no reader waits
for it; with a process's own memory the counts are only there, and it folds them
itself.

Which keys hold counts: the first read of an article in an hour takes a slot
number (``cache.incr``, atomic on every backend) and writes its (hour, article)
there. A fold takes the slots written since the last one, adds them to the
pairs of the current and previous hour it keeps watching, reads each count
and takes exactly that much off it (``decr``), so reads arriving meanwhile stay
for the next fold. A lock (``cache.add``) lets one fold run at a time.

With the local-memory cache each worker process counts and folds its own
reads; the database adds them up, so nothing is counted twice. Counts a worker
holds are lost if it stops before folding, which ``READS_FOLD_SECONDS`` bounds.
"""

import datetime
import logging
import re
import uuid
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.tasks import task
from django.utils import timezone

from articles.caching import MOST_READ_SECONDS, most_read_key
from articles.models import Article, ArticleReadCount

# Robots, link previews, monitors and scripts, by user agent. Headless browsers
# are robots too: real readers do not use them (this also leaves the site's own
# browser tests, which run HeadlessChrome, uncounted).
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|pingdom"
    r"|lighthouse|headless|phantomjs|curl|wget|httpie|python-requests|python-urllib|aiohttp"
    r"|httpx|go-http-client|java/|okhttp|libwww|scrapy",
    re.IGNORECASE,
)
MOST_READ_COUNT = 5
logger = logging.getLogger(__name__)
KEEP_DAYS = 8
ROWS_PER_STATEMENT = 500

_PREFIX = "np:reads"
_SLOTS = f"{_PREFIX}:slots"  # the last slot number taken
_FOLDED = f"{_PREFIX}:folded"  # the last slot number a fold has read
_WATCHED = f"{_PREFIX}:watched"  # (hour, article) pairs a fold keeps reading
_PENDING = f"{_PREFIX}:pending"  # reads recorded since the last fold
_LAST_FOLD = f"{_PREFIX}:last-fold"  # when the last fold ran (a timestamp)
_LOCK = f"{_PREFIX}:lock"
_FOLD_QUEUED = f"{_PREFIX}:fold-queued"  # a fold task waits in the queue
# Counts live a little longer than the hour they belong to plus one fold interval.
_COUNT_SECONDS = 3 * 60 * 60
_LOCK_SECONDS = 60


class Readable(Protocol):
    """What counting a read needs of an article: an Article, or a cached page's note of one."""

    pk: int
    status: str
    published_at: datetime.datetime | None


@dataclass(frozen=True)
class StoryLink:
    """An entry in a Most read list: what the link shows, nothing else."""

    headline: str
    url: str


@dataclass(frozen=True)
class MostRead:
    """The two Most read lists, each possibly empty."""

    day: list[StoryLink]
    week: list[StoryLink]


@dataclass(frozen=True)
class Fold:
    """What one fold wrote: reads added, (article, hour) rows touched, old rows removed."""

    reads: int
    rows: int
    pruned: int


def current_hour(now: datetime.datetime | None = None) -> datetime.datetime:
    """The start of the hour ``now`` falls in, in UTC."""
    now = (now or timezone.now()).astimezone(datetime.UTC)
    return now.replace(minute=0, second=0, microsecond=0)


def is_countable(request: HttpRequest, article: Readable) -> bool:
    """Whether this view of ``article`` is a reader's read that Most read counts."""
    if request.method != "GET":
        return False
    if article.status != Article.Status.PUBLISHED or not article.published_at:
        return False
    if article.published_at > timezone.now():
        return False
    agent = request.headers.get("User-Agent", "")
    if not agent or BOT_USER_AGENT.search(agent):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


def record_read(request: HttpRequest, article: Readable) -> None:
    """Count one read of ``article`` if it is a reader's, in the cache; fold when due."""
    if not is_countable(request, article):
        return
    if _fold_due(count_read(article.pk)):
        request_fold()


def request_fold() -> None:
    """Have the waiting reads folded: by the worker when it shares the cache, else here.

    One fold task waits in the queue at a time; reads arriving before it runs are
    folded with the rest. A task lost with its queue stops holding the place after
    ``READS_FOLD_SECONDS``.
    """
    if not _cache_is_shared():
        _fold_logging_failure()
    elif cache.add(_FOLD_QUEUED, True, max(settings.READS_FOLD_SECONDS, 1)):
        fold_task.enqueue()


@task
def fold_task() -> dict[str, int] | None:
    """The fold, as the worker runs it; its result (what it wrote) is kept by the queue."""
    cache.delete(_FOLD_QUEUED)
    folded = _fold_logging_failure()
    return None if folded is None else {"reads": folded.reads, "rows": folded.rows}


def _fold_logging_failure() -> Fold | None:
    try:
        return fold_reads()
    except DatabaseError:  # The reader still gets the page; the reads wait in the cache.
        logger.exception("Folding read counts into the database failed")
        return None


def _cache_is_shared() -> bool:
    """Whether another process (the worker) sees this process's counts."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def count_read(article_pk: int, hour: datetime.datetime | None = None) -> int:
    """Add one read of an article in an hour (this hour unless told) to the cache.

    Returns how many reads now wait for a fold.
    """
    hour = hour or current_hour()
    key = _count_key(hour, article_pk)
    try:
        cache.incr(key)  # The usual case: the article was read this hour already.
    except ValueError:
        if cache.add(key, 1, _COUNT_SECONDS):
            slot = _incr(_SLOTS)
            cache.set(f"{_PREFIX}:slot:{slot}", (hour.isoformat(), article_pk), _COUNT_SECONDS)
        else:  # Another request created it first.
            cache.incr(key)
    return _incr(_PENDING)


def fold_reads(now: datetime.datetime | None = None) -> Fold | None:
    """Move the counts waiting in the cache into ``ArticleReadCount``; prune old rows.

    Returns None when another fold holds the lock (its reads are not lost: they
    wait for the next fold).
    """
    token = uuid.uuid4().hex
    if not cache.add(_LOCK, token, _LOCK_SECONDS):
        return None
    try:
        return _fold(current_hour(now))
    finally:
        if cache.get(_LOCK) == token:
            cache.delete(_LOCK)


def most_read(now: datetime.datetime | None = None) -> MostRead:
    """The five most read articles of the last 24 hours and of the last 7 days.

    Both lists come from one query, cached for a few minutes under a key that
    any change to articles makes stale, so a draft never stays in them.
    """
    key = most_read_key()
    lists = cache.get(key)
    if lists is None:
        hour = current_hour(now)
        periods = {
            "day": hour - datetime.timedelta(hours=23),
            "week": hour - datetime.timedelta(hours=7 * 24 - 1),
        }
        articles = list(
            Article.objects.published()
            .most_read(periods, MOST_READ_COUNT)
            .only("headline", "slug", "published_at", "created_at")
        )
        lists = MostRead(day=_ranked(articles, "reads_day"), week=_ranked(articles, "reads_week"))
        cache.set(key, lists, MOST_READ_SECONDS)
    return lists


def _ranked(articles: list[Article], reads: str) -> list[StoryLink]:
    ranked = sorted(
        (article for article in articles if getattr(article, reads) > 0),
        key=lambda article: (
            -getattr(article, reads),
            -article.published_at.timestamp(),
            -article.pk,
        ),
    )
    return [
        StoryLink(article.headline, article.get_absolute_url())
        for article in ranked[:MOST_READ_COUNT]
    ]


def _count_key(hour: datetime.datetime, article_pk: int) -> str:
    return f"{_PREFIX}:{hour:%Y%m%d%H}:{article_pk}"


def _incr(key: str) -> int:
    """``cache.incr`` that starts a missing counter at 1."""
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=None):
            return 1
        return cache.incr(key)


def _fold_due(pending: int) -> bool:
    """Cheap check made on each read: enough reads waiting, or enough time gone."""
    if pending >= settings.READS_FOLD_BATCH:
        return True
    now = timezone.now().timestamp()
    last = cache.get(_LAST_FOLD)
    if last is None:
        cache.add(_LAST_FOLD, now, timeout=None)  # The clock starts with the first read.
        return False
    return now - last >= settings.READS_FOLD_SECONDS


def _fold(hour: datetime.datetime) -> Fold:
    watched = _take_new_slots(set(cache.get(_WATCHED, ())))
    keys = {pair: _count_key(datetime.datetime.fromisoformat(pair[0]), pair[1]) for pair in watched}
    counts = cache.get_many(list(keys.values()))
    taken: dict[tuple[str, int], int] = {}
    for pair, key in keys.items():
        reads = counts.get(key, 0)
        if reads > 0:
            cache.decr(key, reads)  # Exactly what was read: later reads stay.
            taken[pair] = reads
    # Reads of an hour still arrive until it ends; keep watching it one hour more.
    oldest = (hour - datetime.timedelta(hours=1)).isoformat()
    cache.set(_WATCHED, {pair for pair in watched if pair[0] >= oldest}, timeout=None)
    cache.set(_PENDING, 0, timeout=None)
    cache.set(_LAST_FOLD, timezone.now().timestamp(), timeout=None)
    try:
        rows = add_reads(
            {
                (article_pk, datetime.datetime.fromisoformat(hour_text)): reads
                for (hour_text, article_pk), reads in taken.items()
            }
        )
    except Exception:
        for pair, reads in taken.items():  # Put them back for the next fold.
            key = keys[pair]
            if not cache.add(key, reads, _COUNT_SECONDS):
                cache.incr(key, reads)
        raise
    pruned, _ = ArticleReadCount.objects.filter(
        hour__lt=hour - datetime.timedelta(days=KEEP_DAYS)
    ).delete()
    return Fold(reads=sum(taken.values()), rows=rows, pruned=pruned)


def _take_new_slots(watched: set[tuple[str, int]]) -> set[tuple[str, int]]:
    last = cache.get(_SLOTS, 0)
    first = cache.get(_FOLDED, 0) + 1
    if last < first - 1:  # The slot counter was lost (a cache restart) and began again.
        first = 1
    if last >= first:
        slots = cache.get_many([f"{_PREFIX}:slot:{n}" for n in range(first, last + 1)])
        watched |= {tuple(pair) for pair in slots.values()}
        cache.delete_many(list(slots))
        cache.set(_FOLDED, last, timeout=None)
    return watched


def add_reads(reads: dict[tuple[int, datetime.datetime], int]) -> int:
    """Add reads to the (article, hour) rows, creating missing ones; returns rows touched.

    Adds rather than replaces (``reads = reads + n`` in the UPDATE), so two
    processes folding at once both count. Reads of an article deleted
    meanwhile are dropped. Written ``ROWS_PER_STATEMENT`` rows at a time, which
    keeps each statement within SQLite's limits.
    """
    existing = set(
        Article.objects.filter(pk__in={pk for pk, _ in reads}).values_list("pk", flat=True)
    )
    by_hour: dict[datetime.datetime, dict[int, int]] = {}
    for (article_pk, hour), n in reads.items():
        if article_pk in existing:
            by_hour.setdefault(hour, {})[article_pk] = n
    touched = 0
    for hour, counts in by_hour.items():
        pks = list(counts)
        for start in range(0, len(pks), ROWS_PER_STATEMENT):
            batch = pks[start : start + ROWS_PER_STATEMENT]
            touched += _add_batch(hour, {pk: counts[pk] for pk in batch})
    return touched


def _add_batch(hour: datetime.datetime, counts: dict[int, int]) -> int:
    """Rows of one hour: create the missing ones at 0, then add each one's reads.

    One UPDATE per distinct number of reads: most rows of a fold share a few
    small numbers, and ``reads + n`` with a constant is quick to build and run.
    """
    by_reads: dict[int, list[int]] = {}
    for pk, n in counts.items():
        by_reads.setdefault(n, []).append(pk)
    rows = ArticleReadCount.objects.filter(hour=hour)
    with transaction.atomic():
        present = set(rows.filter(article_id__in=list(counts)).values_list("article_id", flat=True))
        # Another process may create one of these meanwhile: its row is then kept as it is.
        ArticleReadCount.objects.bulk_create(
            [
                ArticleReadCount(article_id=pk, hour=hour, reads=0)
                for pk in counts
                if pk not in present
            ],
            ignore_conflicts=True,
        )
        return sum(
            rows.filter(article_id__in=pks).update(reads=F("reads") + n)
            for n, pks in by_reads.items()
        )
