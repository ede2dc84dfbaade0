"""Benchmark: every list page (home, section, tags, author, photographs, publisher).

Fills an empty database with N articles (a few SQL statements: pictures,
articles with 2 % drafts and their copy of the lead picture's photographer,
bylines and taggings with their copies of the article's status and time),
then requests page 1 and page 500 of each list through Django's test client,
prints the time and the number of SQL queries of each, and the query plan of
the page's article query (EXPLAIN ANALYZE on PostgreSQL).

    python bench/lists.py --articles 200000
    python bench/lists.py --articles 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/np_lists_bench
    python bench/lists.py --database-url … --reuse   # time an already filled database again

The database must be empty (or filled by an earlier run, with --reuse): the
script migrates it and never deletes anything.
"""

# ruff: noqa: S608 (the SQL is written from this script's own numbers, never from input)

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISHERS = 5
SECTIONS = 12
IN_NAVIGATION = 8
TAGS = 5000
# Tags 0-3, one of each kind, are carried by many articles; the rest by a few each.
LARGE_TAGS = 4
AUTHORS = 2000
# Ten years of news.
SPAN_SECONDS = 3650 * 86400
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
    """Writes ``count`` articles with the shape of a real archive, in a few SQL statements.

    Each table is one ``INSERT … SELECT`` over a counted series (a recursive
    ``WITH``, which both databases run), with choices made by a multiplicative
    hash of the row number: the same archive on every run, a million articles
    in about a minute. Bylines and taggings copy their article's status and
    time as ``articles.listing_copies`` would.
    """
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, Author, Byline, Image, Publisher, Section, Tag, Tagging

    Publisher.objects.bulk_create(
        Publisher(id=n + 1, name=f"Publisher {n}", slug=f"publisher-{n}") for n in range(PUBLISHERS)
    )
    Section.objects.bulk_create(
        Section(
            id=n + 1,
            name=f"Section {n}",
            slug=f"section-{n}",
            in_navigation=n < IN_NAVIGATION,
            position=n,
        )
        for n in range(SECTIONS)
    )
    kinds = [kind for kind, _ in Tag.Kind.choices]
    Tag.objects.bulk_create(
        Tag(id=n + 1, name=f"Tag {n}", slug=f"tag-{n}", kind=kinds[n % len(kinds)])
        for n in range(TAGS)
    )
    Author.objects.bulk_create(
        Author(
            id=n + 1,
            name=f"Author {n}",
            slug=f"author-{n}",
            role="photographer" if n % 5 else "reporter",
        )
        for n in range(AUTHORS)
    )
    postgresql = connection.vendor == "postgresql"
    now = timezone.now().replace(microsecond=0, tzinfo=None).isoformat(" ")
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for label, sql in _statements(postgresql, count, now):
            cursor.execute(sql)
            print(f"  {label} in {time.perf_counter() - start:.0f} s", flush=True)
        models = [Publisher, Section, Tag, Author, Image, Article, Byline, Tagging]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _hash(expression: str, salt: int) -> str:
    """A pseudo-random number from 0 to 2**32 - 1, the same on both databases."""
    return f"((({expression}) * 2654435761 + {salt * 40503}) % 4294967296)"


def _statements(postgresql: bool, count: int, moment: str) -> list[tuple[str, str]]:
    """The statements that fill the archive; numbers and the time are written in."""
    series = (
        "WITH RECURSIVE series(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM series"
        " WHERE n < {limit}) "
    )
    if postgresql:
        uuid = "md5(n::text)::uuid"
        ago = f"'{moment}'::timestamptz - make_interval(secs => {{seconds}})"
        now = f"'{moment}'::timestamptz"
        renditions = "'[]'::jsonb"
    else:
        uuid = "printf('%032x', n)"
        ago = f"strftime('%Y-%m-%d %H:%M:%f', '{moment}', '-' || ({{seconds}}) || ' seconds')"
        now = f"'{moment}'"
        renditions = "'[]'"
    photographer = (
        f"CASE WHEN {_hash('n', 1)} % 4 = 0 THEN 2 ELSE 1 + {_hash('n', 2)} % {AUTHORS} END"
    )
    images = (
        series.format(limit=count // 10)
        + "INSERT INTO articles_image (id, uuid, file, alt_text, caption, agency,"
        " copyright_notice, created_at, photographer_id, focal_x, focal_y, renditions)"
        f" SELECT n, {uuid}, '', '', 'A caption.', 'AFP', '', {now}, {photographer},"
        f" 50, 50, {renditions} FROM series"
    )
    seconds = f"{SPAN_SECONDS / count} * n + {_hash('n', 3)} % 3600"
    draft = f"{_hash('n', 4)} % 50 = 0"
    section = (
        f"CASE WHEN {_hash('n', 5)} % 100 < 25 THEN 1 ELSE 2 + {_hash('n', 6)} % {SECTIONS - 1} END"
    )
    articles = (
        series.format(limit=count)
        + "INSERT INTO articles_article (id, uuid, headline, slug, standfirst, body, status,"
        " published_at, featured, created_at, updated_at, section_id, publisher_id,"
        " lead_image_id, headline_key, source_key, source_checksum)"
        f" SELECT n, {uuid}, 'Headline ' || n, 'headline-' || n,"
        " 'Standfirst of article ' || n || ', long enough to be a sentence.',"
        " '<p>Body of article ' || n || '.</p>',"
        f" CASE WHEN {draft} THEN 'draft' ELSE 'published' END,"
        f" CASE WHEN {draft} THEN NULL ELSE {ago.format(seconds=seconds)} END,"
        f" FALSE, {now}, {now}, {section}, 1 + n % {PUBLISHERS},"
        " CASE WHEN n % 10 = 0 THEN n / 10 END, 'headline ' || n, '', '' FROM series"
    )
    # Author 0 writes a twentieth of the archive; everyone else shares the rest.
    writer = (
        f"CASE WHEN {_hash('id', 7)} % 20 = 0 THEN 1 ELSE 2 + {_hash('id', 8)} % {AUTHORS - 1} END"
    )
    bylines = (
        "INSERT INTO articles_byline (article_id, author_id, position, status, published_at)"
        f" SELECT id, {writer}, 0, status, published_at FROM articles_article"
    )
    # Two of the ordinary tags each, and the four large ones: tag 0 (a topic) on a
    # tenth of the archive, tags 1-3 (a person, a place, an organisation) on 3 %.
    ordinary = TAGS - LARGE_TAGS
    first = f"{LARGE_TAGS + 1} + {_hash('id', 9)} % {ordinary}"
    step = f"1 + {_hash('id', 10)} % {ordinary - 1}"  # Never a whole turn: a second tag.
    second = f"{LARGE_TAGS + 1} + ({_hash('id', 9)} + {step}) % {ordinary}"
    large = " UNION ALL ".join(
        f"SELECT id, {tag + 1}, status, published_at FROM articles_article"
        f" WHERE {_hash('id', 11 + tag)} % 100 < {10 if tag == 0 else 3}"
        for tag in range(LARGE_TAGS)
    )
    taggings = (
        "INSERT INTO articles_article_tags (article_id, tag_id, status, published_at)"
        f" SELECT id, {first}, status, published_at FROM articles_article"
        f" UNION ALL SELECT id, {second}, status, published_at FROM articles_article"
        f" UNION ALL {large}"
    )
    # The copy of the lead picture's photographer, as articles.listing_copies keeps it.
    photographers = (
        "UPDATE articles_article SET lead_photographer_id = (SELECT photographer_id"
        " FROM articles_image WHERE articles_image.id = articles_article.lead_image_id)"
        " WHERE lead_image_id IS NOT NULL"
    )
    return [
        ("pictures", images),
        ("articles", articles),
        ("photographers", photographers),
        ("bylines", bylines),
        ("taggings", taggings),
    ]


def analyse() -> None:
    """Statistics for the planner and, on PostgreSQL, the visibility map.

    Without a VACUUM every index-only scan still visits the table, as it would
    until autovacuum first passed over a freshly loaded archive.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


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
            "photos": "/authors/author-1/photographs/",
            "person": "/tags/people/tag-1/",
            "place": "/tags/places/tag-2/",
            "org": "/tags/organisations/tag-3/",
            "publisher": "/publishers/publisher-0/",
        },
        show_plans=not args.no_plans,
    )


if __name__ == "__main__":
    main()
