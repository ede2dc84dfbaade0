"""Benchmark: list pages (home, section, tag, author) on a large archive.

Fills an empty database with N articles (bulk inserts: bylines, tags, pictures,
a few drafts), then requests page 1 and page 500 of each list through Django's
test client, prints the time and the number of SQL queries of each, and the
query plan of the page's article query (EXPLAIN ANALYZE on PostgreSQL).

    python bench/lists.py --articles 100000
    python bench/lists.py --articles 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/np_pages_bench
    python bench/lists.py --database-url … --reuse   # time an already filled database again

The database must be empty (or filled by an earlier run, with --reuse): the
script migrates it and never deletes anything.
"""

import argparse
import datetime
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5000
SECTIONS = 12
IN_NAVIGATION = 8
TAGS = 5000
AUTHORS = 2000
RUNS = 5


def setup(database_url: str | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["HTTPS"] = "off"
    os.environ["DEBUG"] = "off"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    # Pages are rendered without collectstatic: plain static names, no manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def fill(count: int) -> None:
    """Writes ``count`` articles with the shape of a real archive, in batches."""
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Author, Byline, Image, Publisher, Section, Tag

    rng = random.Random(6)  # noqa: S311 (the same archive on every run, not a secret)
    publishers = Publisher.objects.bulk_create(
        Publisher(name=f"Publisher {n}", slug=f"publisher-{n}") for n in range(5)
    )
    sections = Section.objects.bulk_create(
        Section(
            name=f"Section {n}", slug=f"section-{n}", in_navigation=n < IN_NAVIGATION, position=n
        )
        for n in range(SECTIONS)
    )
    kinds = [kind for kind, _ in Tag.Kind.choices]
    tags = Tag.objects.bulk_create(
        Tag(name=f"Tag {n}", slug=f"tag-{n}", kind=kinds[n % len(kinds)]) for n in range(TAGS)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Author {n}", slug=f"author-{n}", role="photographer" if n % 5 else "reporter")
        for n in range(AUTHORS)
    )
    # Section 0 holds a quarter of the archive, tag 0 a tenth, author 0 a twentieth.
    section_weights = [25] + [75 / (SECTIONS - 1)] * (SECTIONS - 1)
    now = timezone.now()
    span = datetime.timedelta(days=3650)
    through = Article.tags.through
    start = time.perf_counter()
    for first in range(0, count, BATCH):
        size = min(BATCH, count - first)
        with transaction.atomic():
            images = Image.objects.bulk_create(
                Image(caption="A caption.", photographer=rng.choice(authors), agency="AFP")
                for _ in range(size // 10)
            )
            articles = []
            for n in range(first, first + size):
                draft = rng.random() < 0.02
                articles.append(
                    Article(
                        headline=f"Headline {n}",
                        headline_key=f"headline {n}",
                        slug=f"headline-{n}",
                        standfirst=f"Standfirst of article {n}, long enough to be a sentence.",
                        body=f"<p>Body of article {n}.</p>",
                        status="draft" if draft else "published",
                        published_at=None if draft else now - span * (n / count) - _jitter(rng),
                        section=rng.choices(sections, section_weights)[0],
                        publisher=rng.choice(publishers),
                        lead_image=images[n % len(images)] if images and n % 10 == 0 else None,
                    )
                )
            articles = Article.objects.bulk_create(articles)
            bylines, tagged = [], []
            for article in articles:
                writer = authors[0] if rng.random() < 0.05 else rng.choice(authors[1:])
                bylines.append(Byline(article=article, author=writer))
                chosen = {rng.choice(tags[1:]).pk, rng.choice(tags[1:]).pk}
                if rng.random() < 0.1:
                    chosen.add(tags[0].pk)
                tagged += [through(article_id=article.pk, tag_id=tag) for tag in chosen]
            Byline.objects.bulk_create(bylines)
            through.objects.bulk_create(tagged)
        done = first + size
        if done % 100_000 == 0 or done == count:
            print(f"  {done:,} articles in {time.perf_counter() - start:.0f} s", flush=True)


def _jitter(rng: random.Random) -> datetime.timedelta:
    return datetime.timedelta(seconds=rng.randrange(3600))


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def page_query(queries: list[dict]) -> str:
    """The list's own article query: the one that fetches a page of cards."""
    per_page = f"LIMIT {20}"
    for query in queries:
        sql = query["sql"]
        if "standfirst_head" in sql and per_page in sql and not sql.startswith("SELECT COUNT"):
            return sql
    return ""


def explain(sql: str) -> str:
    from django.db import connection

    postgresql = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgresql else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return "\n".join("    " + " ".join(str(cell) for cell in row) for row in cursor.fetchall())


def measure(paths: dict[str, str], show_plans: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # A page past the end (a small list has no page 500) is an answer, not an error.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    client = Client()
    client.get("/")  # Warms the header's cached sections and the connection.
    for label, path in paths.items():
        for page in (1, 500):
            url = path if page == 1 else f"{path}?page={page}"
            timings = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append(time.perf_counter() - start)
            sql = page_query(captured.captured_queries)
            slowest = max(float(query["time"]) for query in captured.captured_queries)
            print(
                f"{label:8} page {page:3}: {response.status_code}, "
                f"median {statistics.median(timings) * 1000:7.1f} ms, "
                f"{len(captured.captured_queries)} queries, slowest query {slowest * 1000:.1f} ms"
            )
            if show_plans and sql:
                print(explain(sql))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--database-url", help="an empty database to fill (default: a new SQLite file)"
    )
    parser.add_argument("--reuse", action="store_true", help="time a database filled before")
    parser.add_argument("--no-plans", action="store_true", help="timings only")
    args = parser.parse_args()

    setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", verbosity=0)
    existing = Article.objects.count()
    if existing and not args.reuse:
        sys.exit(f"The database holds {existing:,} articles already: use --reuse to time it.")
    if not existing:
        print(f"Filling {connection.vendor} with {args.articles:,} articles…", flush=True)
        fill(args.articles)
        analyse()
    total = Article.objects.count()
    print(f"{total:,} articles on {connection.vendor}")
    measure(
        {
            "home": "/",
            "section": "/section-0/",
            "small": "/section-11/",
            "tag": "/tags/topics/tag-0/",
            "author": "/authors/author-0/",
        },
        show_plans=not args.no_plans,
    )


if __name__ == "__main__":
    main()
