"""Most read: which views count, how counts reach the database, and the two lists."""

import datetime
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import popularity
from articles.models import Article, ArticleReadCount
from articles.popularity import add_reads, count_read, current_hour, fold_reads, most_read
from tests import factories
from tests.caches import clear_all

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
# Tests of the Redis path use this database, which they empty: never a production one.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Home with every cache empty: the lead story; paginator count; the page of articles;
# the newest of each section; Most read; the header's sections. The next request
# reads the first two cached, and asks once when the next scheduled article is due.
HOME_COLD_QUERIES = 6
HOME_WARM_QUERIES = 5


def read(client, article: Article, agent: str = BROWSER, method: str = "get"):
    response = getattr(client, method)(article.get_absolute_url(), HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    return response


def stored_reads() -> dict[tuple[int, datetime.datetime], int]:
    return {(row.article_id, row.hour): row.reads for row in ArticleReadCount.objects.all()}


def hours_ago(hours: int) -> datetime.datetime:
    return current_hour() - datetime.timedelta(hours=hours)


def most_read_lists(page: str) -> dict[str, list[str]]:
    """Each Most read list on a page, by its heading: the headlines in order."""
    block = re.search(r'<aside class="most-read".*?</aside>', page, re.S)
    if block is None:
        return {}
    lists = re.findall(r"<h3 [^>]*>([^<]*)</h3>\s*<ol [^>]*>(.*?)</ol>", block.group(0), re.S)
    return {heading: re.findall(r"<a [^>]*>([^<]*)</a>", items) for heading, items in lists}


# What counts ---------------------------------------------------------------------


def test_a_readers_view_is_counted_in_this_hour(client):
    article = factories.article()

    read(client, article)
    read(client, article)
    fold_reads()

    assert stored_reads() == {(article.pk, current_hour()): 2}


def test_staff_views_are_not_counted(admin_client):
    article = factories.article()

    read(admin_client, article)
    fold_reads()

    assert stored_reads() == {}


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
        "",
    ],
)
def test_robots_and_requests_without_a_user_agent_are_not_counted(client, agent):
    article = factories.article()

    read(client, article, agent=agent)
    fold_reads()

    assert stored_reads() == {}


def test_head_requests_are_not_counted(client):
    article = factories.article()

    read(client, article, method="head")
    fold_reads()

    assert stored_reads() == {}


def test_a_redirect_to_the_current_address_is_not_a_read(client):
    article = factories.article(published_at=timezone.now() - datetime.timedelta(days=3))
    year_month, day = article.get_absolute_url().replace(f"/{article.slug}/", "").rsplit("/", 1)
    wrong_day = "02" if day == "01" else "01"

    response = client.get(f"{year_month}/{wrong_day}/{article.slug}/", HTTP_USER_AGENT=BROWSER)
    fold_reads()

    assert response.status_code == 301
    assert stored_reads() == {}


def test_reading_sets_no_cookie(client):
    article = factories.article()

    response = read(client, article)

    assert "Set-Cookie" not in response.headers
    assert not response.cookies


# No database write per view ------------------------------------------------------


def test_views_write_nothing_to_the_database_until_a_batch_is_full(client, settings):
    settings.READS_FOLD_BATCH = 3
    article = factories.article()

    with CaptureQueriesContext(connection) as queries:
        read(client, article)
        read(client, article)
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]

    assert writes == []
    assert stored_reads() == {}
    read(client, article)
    assert stored_reads() == {(article.pk, current_hour()): 3}


def test_reads_are_folded_once_the_interval_has_passed(client, settings):
    settings.READS_FOLD_SECONDS = 0
    article = factories.article()

    read(client, article)  # Starts the clock: nothing is written yet.
    assert stored_reads() == {}
    read(client, article)

    assert stored_reads() == {(article.pk, current_hour()): 2}


# Folding -------------------------------------------------------------------------


def test_a_fold_writes_each_article_and_hour_once(client):
    first, second = factories.article(), factories.article()
    for _ in range(3):
        count_read(first.pk)
    count_read(first.pk, hours_ago(1))
    count_read(second.pk)

    folded = fold_reads()

    assert folded == popularity.Fold(reads=5, rows=3, pruned=0)
    assert stored_reads() == {
        (first.pk, current_hour()): 3,
        (first.pk, hours_ago(1)): 1,
        (second.pk, current_hour()): 1,
    }


def test_later_folds_add_to_what_earlier_ones_wrote():
    article = factories.article()
    count_read(article.pk)
    count_read(article.pk)
    fold_reads()
    count_read(article.pk)

    folded = fold_reads()
    nothing = fold_reads()

    assert folded.reads == 1
    assert nothing.reads == 0
    assert stored_reads() == {(article.pk, current_hour()): 3}


def test_reads_waiting_while_another_fold_runs_are_kept_for_the_next():
    article = factories.article()
    count_read(article.pk)
    cache.add(popularity._LOCK, "another worker")

    assert fold_reads() is None
    assert stored_reads() == {}

    cache.delete(popularity._LOCK)
    count_read(article.pk)
    fold_reads()
    assert stored_reads() == {(article.pk, current_hour()): 2}


def test_a_failing_fold_still_serves_the_page_and_keeps_the_reads(client, settings, monkeypatch):
    settings.READS_FOLD_BATCH = 1
    article = factories.article()

    def database_down(reads):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(popularity, "add_reads", database_down)
    response = read(client, article)
    monkeypatch.undo()
    fold_reads()

    assert response.status_code == 200
    assert stored_reads() == {(article.pk, current_hour()): 1}


def test_reads_are_folded_after_the_cache_lost_its_slot_counter():
    article = factories.article()
    cache.set(popularity._FOLDED, 50, timeout=None)  # Left from before the restart.

    count_read(article.pk)
    fold_reads()

    assert stored_reads() == {(article.pk, current_hour()): 1}


def test_a_fold_removes_counts_older_than_eight_days():
    article = factories.article()
    ArticleReadCount.objects.create(article=article, hour=hours_ago(8 * 24 + 1), reads=4)
    ArticleReadCount.objects.create(article=article, hour=hours_ago(7 * 24), reads=2)

    folded = fold_reads()

    assert folded.pruned == 1
    assert stored_reads() == {(article.pk, hours_ago(7 * 24)): 2}


def test_reads_of_a_deleted_article_are_dropped():
    kept, deleted = factories.article(), factories.article()
    count_read(kept.pk)
    count_read(deleted.pk)
    deleted.delete()

    fold_reads()

    assert stored_reads() == {(kept.pk, current_hour()): 1}


def test_a_fold_writing_between_another_folds_steps_loses_no_reads(monkeypatch):
    """Worker B folds the same hour while worker A has created its rows but not added yet."""
    article = factories.article()
    hour = current_hour()
    ArticleReadCount.objects.create(article=article, hour=hour, reads=5)
    create = ArticleReadCount.objects.bulk_create
    interleaved = []

    def create_then_let_the_other_worker_fold(objs, **kwargs):
        created = create(objs, **kwargs)
        if not interleaved:
            interleaved.append(True)
            add_reads({(article.pk, hour): 4, (article.pk, hours_ago(1)): 1})  # worker B
        return created

    monkeypatch.setattr(
        ArticleReadCount.objects, "bulk_create", create_then_let_the_other_worker_fold
    )
    add_reads({(article.pk, hour): 3, (article.pk, hours_ago(1)): 2})  # worker A

    assert interleaved == [True]
    assert stored_reads() == {(article.pk, hour): 12, (article.pk, hours_ago(1)): 3}


def test_fold_reads_command_says_what_it_wrote():
    article = factories.article()
    count_read(article.pk)
    count_read(article.pk)
    out = io.StringIO()

    call_command("fold_reads", stdout=out, stderr=io.StringIO())

    assert out.getvalue() == (
        "Folded 2 reads into 1 hourly counts; removed 0 counts older than 8 days.\n"
    )


# The lists -----------------------------------------------------------------------


def test_the_day_and_the_week_lists_count_their_own_hours(client):
    yesterday = factories.article(headline="Read a day and a half ago")
    today = factories.article(headline="Read this morning")
    ArticleReadCount.objects.create(article=yesterday, hour=hours_ago(36), reads=50)
    ArticleReadCount.objects.create(article=today, hour=hours_ago(2), reads=3)

    page = client.get("/").content.decode()

    assert most_read_lists(page) == {
        "Last 24 hours": ["Read this morning"],
        "Last 7 days": ["Read a day and a half ago", "Read this morning"],
    }


def test_the_day_starts_23_hours_before_this_hour_and_the_week_167():
    inside = factories.article(headline="Inside")
    outside = factories.article(headline="Outside")
    ArticleReadCount.objects.create(article=inside, hour=hours_ago(23), reads=1)
    ArticleReadCount.objects.create(article=inside, hour=hours_ago(167), reads=1)
    ArticleReadCount.objects.create(article=outside, hour=hours_ago(24), reads=1)
    ArticleReadCount.objects.create(article=outside, hour=hours_ago(168), reads=5)

    lists = most_read()

    assert [story.headline for story in lists.day] == ["Inside"]
    assert [story.headline for story in lists.week] == ["Inside", "Outside"]


def test_lists_hold_the_five_most_read_ties_to_the_newest():
    for n, reads in enumerate([1, 9, 4, 4, 7, 2]):
        story = factories.article(
            headline=f"Story {n}", published_at=timezone.now() - datetime.timedelta(days=10 - n)
        )
        ArticleReadCount.objects.create(article=story, hour=hours_ago(1), reads=reads)

    lists = most_read()

    assert [story.headline for story in lists.day] == [
        "Story 1",
        "Story 4",
        "Story 3",
        "Story 2",
        "Story 5",
    ]
    assert lists.week == lists.day


def test_drafts_and_scheduled_articles_are_never_most_read():
    draft = factories.article(status=Article.Status.DRAFT)
    scheduled = factories.article(published_at=timezone.now() + datetime.timedelta(hours=3))
    public = factories.article(headline="Public")
    for story in (draft, scheduled, public):
        ArticleReadCount.objects.create(article=story, hour=hours_ago(1), reads=10)

    assert [story.headline for story in most_read().week] == ["Public"]


def test_a_story_put_back_to_draft_leaves_the_cached_lists():
    story = factories.article(headline="Withdrawn")
    ArticleReadCount.objects.create(article=story, hour=hours_ago(1), reads=10)
    assert [s.headline for s in most_read().day] == ["Withdrawn"]

    story.status = Article.Status.DRAFT
    story.save()

    assert most_read().day == []


def test_an_empty_list_is_not_shown(client):
    story = factories.article(headline="Read three days ago")
    ArticleReadCount.objects.create(article=story, hour=hours_ago(72), reads=1)

    page = client.get("/").content.decode()

    assert most_read_lists(page) == {"Last 7 days": ["Read three days ago"]}
    assert "Last 24 hours" not in page


def test_without_reads_there_is_no_most_read(client):
    factories.article()

    page = client.get("/").content.decode()

    assert "Most read" not in page


def test_the_article_page_shows_most_read_with_links(client):
    story = factories.article(headline="Popular story")
    ArticleReadCount.objects.create(article=story, hour=hours_ago(1), reads=10)
    other = factories.article()

    page = client.get(other.get_absolute_url()).content.decode()

    assert '<h2 id="most-read-heading" class="most-read__heading">Most read</h2>' in page
    assert f'<li><a href="{story.get_absolute_url()}">Popular story</a></li>' in page


@pytest.mark.parametrize("count", [3, 12])
def test_home_runs_the_same_queries_with_most_read_cold_and_warm(
    client, django_assert_num_queries, count
):
    for n in range(count):
        story = factories.article(
            authors=[factories.author()], section=factories.section(in_navigation=True)
        )
        ArticleReadCount.objects.create(article=story, hour=hours_ago(n), reads=n + 1)
    clear_all()

    with django_assert_num_queries(HOME_COLD_QUERIES):
        cold = client.get("/").content.decode()
    with django_assert_num_queries(HOME_WARM_QUERIES):
        warm = client.get("/").content.decode()

    assert len(most_read_lists(cold)["Last 7 days"]) == min(count, 5)
    assert most_read_lists(warm) == most_read_lists(cold)


# The Redis cache -----------------------------------------------------------------


@pytest.fixture
def redis_cache(settings):
    """Django's Redis cache on a test database, which must be reachable."""
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(
            f"Redis is not reachable at {TEST_REDIS_URL} ({error}). Start it "
            "(`redis-server --daemonize yes`) or point TEST_REDIS_URL at one."
        )
    settings.REDIS_URL = TEST_REDIS_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "newsportal.redis_cache.ReusedClientRedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": "newsportal-test",
        }
    }
    cache.clear()
    yield cache
    cache.clear()


def test_counts_and_folds_through_redis(client, redis_cache):
    article = factories.article()

    read(client, article)
    read(client, article)
    out = io.StringIO()
    call_command("fold_reads", stdout=out, stderr=io.StringIO())

    assert type(caches["default"]).__name__ == "ReusedClientRedisCache"
    assert out.getvalue().startswith("Folded 2 reads into 1 hourly counts")
    assert stored_reads() == {(article.pk, current_hour()): 2}


def test_most_read_is_cached_in_redis(client, redis_cache, django_assert_num_queries):
    section = factories.section(in_navigation=True)
    story = factories.article(headline="Popular story", section=section)
    factories.article(section=section)
    factories.article(section=section)
    ArticleReadCount.objects.create(article=story, hour=hours_ago(1), reads=10)
    clear_all()
    client.get("/")

    with django_assert_num_queries(HOME_WARM_QUERIES):
        page = client.get("/").content.decode()

    assert most_read_lists(page)["Last 24 hours"] == ["Popular story"]


def test_redis_url_selects_the_redis_cache():
    command = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", command],
        cwd=ROOT,
        env={**os.environ, "REDIS_URL": TEST_REDIS_URL, "DEBUG": "on"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "newsportal.redis_cache.ReusedClientRedisCache"


def test_the_redis_cache_reuses_one_client_for_every_operation(redis_cache):
    client = caches["default"]._cache

    cache.set("reused", 1)
    cache.incr("reused")

    assert client.get_client(write=True) is client.get_client(write=True)
    assert client.get_client() is client.get_client(write=True)  # One server: one client.
    assert cache.get("reused") == 2
