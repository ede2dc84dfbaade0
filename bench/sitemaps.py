"""Benchmark: the sitemap index and each sitemap's first and last page.

Fills an empty database as ``bench/lists.py`` does (or reuses one it filled),
then times each sitemap page through Django's test client, with its number
of SQL queries and the plan of its slowest query. For the article sitemap's
last page it also times the query Django's own Paginator would run (a count,
then the page with an OFFSET over whole rows), to show what reading the page
off the index saves.

    python bench/sitemaps.py --articles 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/np_sitemaps_bench
    python bench/sitemaps.py --database-url … --reuse
"""

import argparse
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import lists  # The filler lives beside this script.

RUNS = 3


def timed(action) -> tuple[float, list[dict]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            action()
            timings.append(time.perf_counter() - start)
    return statistics.median(timings), captured.captured_queries


def measure(show_plans: bool) -> None:
    from django.test import Client

    from articles import sitemaps

    client = Client()
    articles = sitemaps.ArticleSitemap()
    last = articles.paginator.num_pages
    middle = (last + 1) // 2
    paths = ["/sitemap.xml", "/sitemap-articles.xml"]
    paths += [f"/sitemap-articles.xml?p={page}" for page in (middle, last)]
    paths += [f"/sitemap-{name}.xml" for name in ("news", "sections", "tags", "authors")]
    for path in paths:
        seconds, queries = timed(partial(client.get, path))
        slowest = max(queries, key=lambda query: float(query["time"]))
        print(f"{path:32} {seconds * 1000:8.1f} ms, {len(queries)} queries")
        if show_plans:
            print(lists.explain(slowest["sql"]))

    def django_default(page: int) -> None:
        items = articles.items().only(*sitemaps.ENTRY_FIELDS).select_related("lead_image")
        items.count()
        list(items[(page - 1) * articles.limit : page * articles.limit])

    for page in (middle, last):
        seconds, _ = timed(partial(django_default, page))
        label = f"Django count + OFFSET, p={page}"
        print(f"{label:32} {seconds * 1000:8.1f} ms (the queries alone)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument("--reuse", action="store_true", help="time a database filled before")
    parser.add_argument("--no-plans", action="store_true", help="timings only")
    args = parser.parse_args()

    lists.setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", verbosity=0)
    existing = Article.objects.count()
    if existing and not args.reuse:
        sys.exit(f"The database holds {existing:,} articles already: use --reuse to time it.")
    if not existing:
        print(f"Filling {connection.vendor} with {args.articles:,} articles…", flush=True)
        lists.fill(args.articles)
        lists.analyse()
    print(f"{Article.objects.count():,} articles on {connection.vendor}")
    measure(show_plans=not args.no_plans)


if __name__ == "__main__":
    main()
