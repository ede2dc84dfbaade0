"""Benchmark: search pages over N articles; prints p50, p95 and p99 in milliseconds.

Fills a throwaway database with N published articles of varied text (words
drawn with Zipf's law from a vocabulary of real and made-up English words, so
that common words are in most articles and rare ones in few, as in news),
indexes them all with the same code as ``reindex_search``, then requests
``/search/?q=`` with two-word queries of every mix of frequency (common +
common, common + rare, rare + rare…) through the real view: search, count,
page of 20, snippets, bylines, template. Each query is timed on its first run
and again once all have run (warm): the search alone, then the whole page.

    python bench/search.py                                  # a new SQLite file
    python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/np_search_bench

A PostgreSQL database that does not exist is created. One that already holds
articles is refused, unless ``--reuse`` says to search what a previous run put
there.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "000_7f91a2f5f40fcb4f.txt"
BATCH = 2000
SYLLABLES = [
    "ab", "ac", "al", "an", "ar", "ba", "be", "bi", "bo", "ca", "ce", "co", "da", "de",
    "di", "do", "el", "en", "er", "es", "fa", "fe", "fi", "fo", "ga", "ge", "go", "ha",
    "he", "hi", "in", "is", "ka", "ke", "la", "le", "li", "lo", "ma", "me", "mi", "mo",
    "na", "ne", "ni", "no", "or", "pa", "pe", "pi", "po", "ra", "re", "ri", "ro", "sa",
    "se", "si", "so", "ta", "te", "ti", "to", "un", "va", "ve", "vi", "vo", "za", "zo",
]  # fmt: skip
ENDINGS = ["", "s", "ed", "ing", "er", "tion", "ly", "ment"]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Real words from the seed article first (the commonest), then made-up ones."""
    import re

    seed_words = re.findall(r"[a-z]{3,}", SEED.read_text(encoding="utf-8").lower())
    words = list(dict.fromkeys(seed_words))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) + rng.choice(ENDINGS)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Writer:
    """Text with word frequencies following Zipf's law (s = 1.07, as in English)."""

    def __init__(self, rng: random.Random, words: list[str]) -> None:
        self.rng = rng
        self.words = words
        weights = [1 / (rank**1.07) for rank in range(1, len(words) + 1)]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def sentence(self, count: int) -> str:
        chosen = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        return " ".join(chosen).capitalize() + "."

    def paragraphs(self, count: int) -> list[str]:
        return [self.sentence(self.rng.randint(25, 60)) for _ in range(count)]


def fill(count: int, rng: random.Random, writer: Writer) -> None:
    from articles.models import Article, Author, Byline, Image, Publisher

    publisher = Publisher.objects.create(name="Bench Times", slug="bench-times")
    authors = Author.objects.bulk_create(
        Author(name=f"{writer.sentence(2)[:-1].title()}", slug=f"author-{n}") for n in range(200)
    )
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        images = Image.objects.bulk_create(Image(caption=writer.sentence(20)) for _ in range(size))
        articles = []
        for n in range(made, made + size):
            body = writer.paragraphs(rng.randint(6, 14))
            articles.append(
                Article(
                    headline=writer.sentence(rng.randint(6, 12))[:-1],
                    slug=f"article-{n}",
                    standfirst=body[0],
                    body="".join(f"<p>{p}</p>" for p in body[1:]),
                    status=Article.Status.PUBLISHED,
                    published_at=start + datetime.timedelta(minutes=37 * n),
                    publisher=publisher,
                    lead_image=images[n - made],
                    headline_key=f"article-{n}",
                )
            )
        created = Article.objects.bulk_create(articles)
        Byline.objects.bulk_create(
            Byline(article=article, author=rng.choice(authors)) for article in created
        )
        made += size
        print(f"\r  {made:,} articles written", end="", file=sys.stderr)
    print(file=sys.stderr)


def queries(rng: random.Random, words: list[str], count: int) -> list[str]:
    """Two-word queries mixing common, middling and rare words in equal shares."""
    bands = {
        "common": words[5:100],
        "middling": words[100:2000],
        "rare": words[2000:20000],
    }
    mixes = [
        ("common", "common"),
        ("common", "middling"),
        ("common", "rare"),
        ("middling", "middling"),
        ("middling", "rare"),
        ("rare", "rare"),
    ]
    return [
        f"{rng.choice(bands[a])} {rng.choice(bands[b])}"
        for a, b in (mixes[n % len(mixes)] for n in range(count))
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ensure_postgresql_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", help="a throwaway database (default: new SQLite)")
    parser.add_argument("--reuse", action="store_true", help="search articles already there")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
    url = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        ensure_postgresql_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["HTTPS"] = "off"
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from articles.search.indexing import reindex_all
    from articles.views.search import CountedUpTo

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)  # noqa: S311 - repeatable text, not secrets.
    words = vocabulary(rng, 30_000)
    writer = Writer(rng, words)
    existing = Article.objects.count()
    if existing and not args.reuse:
        sys.exit(f"{url} already holds {existing:,} articles: name an empty one, or --reuse.")
    if not existing:
        began = time.perf_counter()
        fill(args.articles, rng, writer)
        filled = time.perf_counter()
        print(f"indexing {args.articles:,} articles…", file=sys.stderr)
        reindex_all()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE articles_article, articles_searchdocument")
        print(
            f"filled in {filled - began:.0f} s, indexed in {time.perf_counter() - filled:.0f} s",
            file=sys.stderr,
        )

    client = Client(HTTP_HOST="localhost")
    # One pass of other queries first, so timings are of a warm database, as in service.
    for q in queries(random.Random(args.seed + 1), words, 30):  # noqa: S311
        client.get("/search/?" + urlencode({"q": q}))
    # As gunicorn.conf.py does in each worker once the site is loaded.
    from newsportal import heap

    heap.settle()

    def search_path(q: str) -> None:
        """What the view asks of the database: count, the first page, its snippets, bylines."""
        results = Article.objects.published().for_results().search(q)
        list(CountedUpTo(results, settings.ARTICLES_PER_PAGE).page(1).object_list)

    def measure(asked: list[str]) -> tuple[list[float], list[float], set[int]]:
        searches: list[float] = []
        pages: list[float] = []
        counts: set[int] = set()
        for q in asked:
            began = time.perf_counter()
            search_path(q)
            searches.append((time.perf_counter() - began) * 1000)
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get("/search/?" + urlencode({"q": q}))
                pages.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (q, response.status_code)
            counts.add(len(captured))
        return searches, pages, counts

    asked = queries(rng, words, args.queries)
    # "first": each query's first search (its words' index pages and vectors may not be in
    # memory yet); "warm": the same queries again, as a popular search is asked in service.
    first, first_pages, counts = measure(asked)
    warm, warm_pages, _ = measure(asked)

    total = Article.objects.count()
    print(f"{connection.vendor}, {total:,} articles, {len(asked)} two-word queries")
    print(f"SQL queries per page: {sorted(counts)}")
    for label, timings in (
        ("first search, count, page, snippets", first),
        ("first whole page (search again)", first_pages),
        ("warm search, count, page, snippets", warm),
        ("warm whole page", warm_pages),
    ):
        print(
            f"{label}: p50 {percentile(timings, 0.5):.1f} ms   "
            f"p95 {percentile(timings, 0.95):.1f} ms   p99 {percentile(timings, 0.99):.1f} ms   "
            f"max {max(timings):.1f} ms"
        )
    slowest = sorted(zip(warm_pages, asked, strict=True))[-5:]
    print("slowest warm pages:", ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in slowest))


if __name__ == "__main__":
    main()
