"""Benchmark: Related News, read counting and Most read on a database of N articles.

Makes N published articles with tags drawn from a pool and a section each, then
prints, with the SQL queries each costs:
- the article page with its caches cold and warm (Related News, Most read);
- the home page cold and warm;
- counting one read in the cache, and folding the reads of every article.

    python bench/reading.py --articles 2000
    python bench/reading.py --database-url postgres://postgres@127.0.0.1/empty_db
    python bench/reading.py --redis-url redis://127.0.0.1:6379/14
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=50, help="article pages to time")
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--redis-url", help="a Redis database to use and empty (default: memory)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["REDIS_URL"] = args.redis_url or ""
    os.environ.update(DEBUG="on", HTTPS="off", NEWSPORTAL_ENV_FILE="/dev/null")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["READS_FOLD_BATCH"] = str(10**9)  # Folds are timed on their own below.
    os.environ["READS_FOLD_SECONDS"] = str(10**9)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    cache.clear()
    articles = make_articles(args.articles)
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")

    def timed_get(url: str) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, len(queries)

    from articles.popularity import count_read, fold_reads

    for article in articles:
        count_read(article.pk)
    fold_reads()
    sample = random.Random(1).sample(  # noqa: S311 - a repeatable sample, not a secret
        articles, min(args.pages, len(articles))
    )
    urls = [article.get_absolute_url() for article in sample]
    print(f"{len(articles)} published articles; {len(urls)} article pages timed")
    for label, clear in (("article page, cold caches", True), ("article page, warm", False)):
        runs = []
        for url in urls:
            if clear:
                cache.clear()
            runs.append(timed_get(url))
        report(label, runs)
    cache.clear()
    report("home page, cold caches", [timed_get("/")])
    report("home page, warm", [timed_get("/") for _ in range(10)])

    cache.clear()
    start = time.perf_counter()
    for article in articles:
        count_read(article.pk)
    per_read = (time.perf_counter() - start) / len(articles)
    print(f"{'count one read (cache only)':32} {per_read * 1e6:8.1f} µs")
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        folded = fold_reads()
        elapsed = time.perf_counter() - start
    print(
        f"{'fold ' + str(folded.reads) + ' reads':32} {elapsed * 1000:8.1f} ms"
        f"   {len(queries)} queries"
    )


def make_articles(count: int) -> list:
    from django.utils import timezone

    from articles.models import Article, Publisher, Section, Tag

    rng = random.Random(0)  # noqa: S311 - repeatable test data, not a secret
    publisher = Publisher.objects.create(name="Bench", slug="bench")
    sections = [Section.objects.create(name=f"Desk {n}", slug=f"desk-{n}") for n in range(8)]
    tags = [Tag.objects.create(name=f"Topic {n}", slug=f"topic-{n}") for n in range(60)]
    words = ("nato", "kyiv", "strike", "peace", "talks", "energy", "budget", "election", "court")
    now = timezone.now()
    rows = Article.objects.bulk_create(
        Article(
            headline=" ".join(rng.sample(words, 5)) + f" {n}",
            slug=f"bench-{n}",
            standfirst="Standfirst.",
            status="published",
            published_at=now - datetime.timedelta(minutes=n * 7 + 1),
            publisher=publisher,
            section=rng.choice(sections),
        )
        for n in range(count)
    )
    through = Article.tags.through
    through.objects.bulk_create(
        through(article_id=article.pk, tag_id=tag.pk)
        for article in rows
        for tag in rng.sample(tags, 3)
    )
    return rows


def report(label: str, runs: list[tuple[float, int]]) -> None:
    times = [elapsed for elapsed, _ in runs]
    queries = sorted({count for _, count in runs})
    print(
        f"{label:32} {statistics.median(times) * 1000:8.1f} ms median"
        f"   {max(times) * 1000:8.1f} ms max   queries {queries}"
    )


if __name__ == "__main__":
    main()
