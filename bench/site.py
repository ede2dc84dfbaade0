"""The site's benchmark: a synthetic newsroom, imported for real, served and loaded by wrk.

    python bench/site.py                      # 10,000 articles on a new SQLite file
    python bench/site.py --quick              # 1,000 articles, short runs
    python bench/site.py --db postgres        # a new database np_bench_<time> on BENCH_POSTGRES
    python bench/site.py --compare bench/results/20260101-120000.json
    python bench/site.py --compare A.json --against B.json   # no run, only the deltas
    python bench/site.py --db postgres --articles 1000000 --keep-db   # then, on new code:
    python bench/site.py --db postgres --reuse-db np_bench_<time>     # the same archive again

1. Builds its own database (never the developer's), writes N plain-text export
   files (bench/newsroom.py) and loads them with the real ``import_articles``
   command, timed (files/s), then again (the re-import must write nothing).
   Sections, bylines and picture files are added after, in bulk (the text format
   has no place for them).
2. In process, with the test client: SQL queries per request (cache cold and
   warm), server time, and each page's HTML bytes, raw and gzip-compressed.
3. Serves the site with gunicorn (gunicorn.conf.py, 2 workers), WhiteNoise over a
   fresh collectstatic, DEBUG and HTTPS off, SITE_URL set, on a free local port,
   and loads each page type with wrk: requests/s, p50 and p99 latency. Two
   ceilings on the same server: a trivial Django view returning a body of the
   article page's size (bench/site_urls.py, only in this bench's settings) and
   the same body as a static file through WhiteNoise. Every page's throughput is
   also given as a ratio to the trivial view, measured before and after the pages.
   Before each measured run wrk warms the page up, in runs of ``--warmup`` seconds
   until req/s holds steady: the article page cycles through a hundred articles,
   each made once by each worker before its cache serves it.
   The article page is loaded twice: on that server (warm), and on a second one
   started with PAGE_CACHE=off (cold: no full-page cache, where the site has one).
4. Prints a table and writes bench/results/<timestamp>.json.
"""

import argparse
import datetime
import gzip
import json
import math
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import bulk, load, newsroom, nginx, plans  # noqa: E402

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
SEARCH_WORD = "energy"
DEEP_PAGE = 500
ARTICLE_SAMPLE = 100
# Larger corpora on PostgreSQL: the newest BULK_SAMPLE imported, the rest bulk-loaded.
BULK_ABOVE = 20_000
BULK_SAMPLE = 2_000
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(work: Path, database_url: str, port: int) -> dict[str, str]:
    """Production settings on the throw-away database, plain HTTP on this machine."""
    return {
        **os.environ,
        "NEWSPORTAL_ENV_FILE": str(work / "no.env"),
        "DJANGO_SETTINGS_MODULE": "bench.site_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "off",
        "HTTPS": "off",
        "SERVE_MEDIA": "on",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "BENCH_BODY_FILE": str(work / "body.html"),
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


def import_corpus(exports: Path) -> dict[str, float]:
    """The real import command over the corpus, twice: files/s, queries and writes per run."""
    from django.core.management import call_command
    from django.db import connection

    count = sum(1 for _ in exports.iterdir())
    figures: dict[str, float] = {"files": count}
    for label in ("import", "reimport"):
        out, statements = StringIO(), []

        def counting(execute, sql, params, many, context, statements=statements):
            statements.append(sql.lstrip().split(None, 1)[0].upper())
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            start = time.perf_counter()
            call_command("import_articles", str(exports), stdout=out, stderr=StringIO())
            elapsed = time.perf_counter() - start
        outcomes = [line.split()[0] for line in out.getvalue().splitlines() if line.strip()]
        figures[f"{label}_seconds"] = elapsed
        figures[f"{label}_files_per_s"] = count / elapsed
        figures[f"{label}_queries_per_file"] = len(statements) / count
        figures[f"{label}_writes"] = sum(1 for word in statements if word in WRITES)
        figures[f"{label}_outcomes"] = {word: outcomes.count(word) for word in set(outcomes)}
        print(
            f"{label}: {count} files in {elapsed:.1f} s ({count / elapsed:.0f} files/s, "
            f"{len(statements) / count:.1f} queries/file, "
            f"{figures[f'{label}_writes']} writes) {figures[f'{label}_outcomes']}",
            flush=True,
        )
    return figures


def page_paths(busiest: dict[str, str]) -> dict[str, list[str]]:
    """Each page type's address(es); the article page cycles through a sample of articles."""
    import random

    from django.conf import settings

    from articles.models import Article
    from articles.pagination import MAX_PAGES

    published = Article.objects.published()
    per_page = settings.ARTICLES_PER_PAGE
    urls = [a.get_absolute_url() for a in published.order_by("-published_at", "pk")[:2000]]
    sample = random.Random(3).sample(urls, min(ARTICLE_SAMPLE, len(urls)))  # noqa: S311
    in_section = published.filter(section__slug=busiest["section"].strip("/")).count()
    # A list offers no page past MAX_PAGES (articles/pagination.py): its deepest page.
    section_pages = min(MAX_PAGES, max(1, math.ceil(in_section / per_page)))
    home_pages = min(MAX_PAGES, max(1, math.ceil(published.count() / per_page)))
    deep = min(DEEP_PAGE, section_pages)
    paths = {
        "article": sample,
        "home": ["/"],
        "home_deepest": [f"/?page={home_pages}"],
        "section_p1": [busiest["section"]],
        "section_p500" if deep == DEEP_PAGE else "section_deepest": [
            f"{busiest['section']}?page={deep}"
        ],
        "tag": [busiest["tag"]],
        "author": [busiest["author"]],
        "search": [f"/search/?q={SEARCH_WORD}"],
        "feed_rss": ["/feeds/rss/"],
        "api_ninjs": ["/api/ninjs/articles/"],
    }
    return {name: urls for name, urls in paths.items() if urls and urls[0]}


def measure_in_process(paths: dict[str, list[str]], runs: int) -> dict[str, dict]:
    """Queries per request (cold and warm caches), server ms, bytes raw and gzipped.

    The view's own cost, measured with the page cache off: a page-cache hit
    makes no query at all (tests/test_page_cache.py), and wrk measures it.
    """
    from django.test import override_settings

    with override_settings(PAGE_CACHE=False):
        return _measure_views(paths, runs)


def _measure_views(paths: dict[str, list[str]], runs: int) -> dict[str, dict]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_USER_AGENT=USER_AGENT)

    def get(path: str) -> tuple[float, int, bytes]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - start
        if response.status_code != 200:
            # Deep pages the site cannot reach are a finding, not a crash.
            raise SystemExit(f"{path} answered {response.status_code}, not 200")
        body = b"".join(response) if response.streaming else response.content
        return elapsed * 1000, len(queries), body

    figures = {}
    for name, urls in paths.items():
        cold_ms, cold_queries = [], set()
        for path in urls if len(urls) > 1 else urls * runs:
            cache.clear()
            ms, queries, _ = get(path)
            cold_ms.append(ms)
            cold_queries.add(queries)
        warm_ms, warm_queries, body = [], set(), b""
        get(urls[0])  # Primes the caches this page reads.
        for path in urls[:1] * runs:
            ms, queries, body = get(path)
            warm_ms.append(ms)
            warm_queries.add(queries)
        figures[name] = {
            "queries_cold": max(cold_queries),
            "queries_warm": max(warm_queries),
            "server_ms_cold": statistics.median(cold_ms),
            "server_ms_warm": statistics.median(warm_ms),
            "bytes": len(body),
            "bytes_gzip": len(gzip.compress(body, 6)),
        }
    cache.clear()
    return figures


def load_pages(
    env: dict[str, str], port: int, paths: dict[str, list[str]], args: argparse.Namespace
) -> dict[str, dict]:
    """wrk over every page on the production server, and the cold article on a second one."""
    from bench.site_urls import TRIVIAL_PATH

    trivial = ["/" + TRIVIAL_PATH]
    static = ["/static/bench/ceiling.html"]
    log = Path(env["STATIC_ROOT"]).parent / "gunicorn.log"
    results: dict[str, dict] = {}

    def run(name: str, urls: list[str], base: str) -> None:
        warmed = []
        if args.warmup:  # workers' first requests, caches, the database's pages
            warmed = load.warm_up(base, urls, args.warmup, args.connections, args.workers)
        results[name] = load.run_wrk(base, urls, args.duration, args.connections)
        results[name]["warmup_rps"] = [round(rate) for rate in warmed]
        # Requests wrk left queued are still answered after it stops: wait them out, so
        # the next run starts on an idle server (this one waits behind them).
        load.wait_until_serving(base + trivial[0])
        shown = results[name]
        print(
            f"  {name:16} {shown['rps']:8.0f} req/s  p50 {shown['p50_ms']:6.1f} ms"
            f"  p99 {shown['p99_ms']:6.1f} ms  errors {shown['errors']}",
            flush=True,
        )

    with load.serving(env, port, args.workers, log) as base:
        run("trivial_before", trivial, base)
        run("static", static, base)
        for name, urls in paths.items():
            if args.load_pages is None or name in args.load_pages:
                run(f"{name}_warm" if name == "article" else name, urls, base)
        if nginx.nginx_path() and (args.load_pages is None or "article" in args.load_pages):
            body = Path(env["BENCH_BODY_FILE"])  # bench/nginx.py: through nginx's micro-cache
            results["nginx"] = nginx.load_through_nginx(base, body, paths["article"], run)
        run("trivial_after", trivial, base)
    with load.serving({**env, "PAGE_CACHE": "off"}, port, args.workers, log) as base:
        run("article_cold", paths["article"], base)
    return results


def build_table(result: dict) -> list[dict]:
    """One row a page type: the in-process figures with the load figures beside them."""
    loadfigs, inproc = result.get("load", {}), result["in_process"]
    trivial = [loadfigs[k]["rps"] for k in ("trivial_before", "trivial_after") if k in loadfigs]
    ceiling = statistics.mean(trivial) if trivial else None
    rows = []
    names = ["trivial", "static", "article_warm", "article_cold", *list(inproc)[1:]]
    names += [name for name in ("article_nginx", "static_nginx") if name in loadfigs]
    for name in names:
        measured = (
            {"rps": ceiling, "p50_ms": None, "p99_ms": None}
            if name == "trivial" and ceiling
            else loadfigs.get(name, {})
        )
        page = inproc.get(name.removesuffix("_warm").removesuffix("_cold"), {})
        cold = name.endswith("_cold")
        rows.append(
            {
                "page": name,
                "rps": measured.get("rps"),
                "ratio": measured["rps"] / ceiling if ceiling and measured.get("rps") else None,
                "p50_ms": measured.get("p50_ms"),
                "p99_ms": measured.get("p99_ms"),
                "queries": page.get("queries_cold" if cold else "queries_warm"),
                "queries_cold": page.get("queries_cold"),
                "server_ms": page.get("server_ms_cold" if cold else "server_ms_warm"),
                "bytes": page.get("bytes"),
                "bytes_gzip": page.get("bytes_gzip"),
            }
        )
    return rows


def _cell(value: float | int | None, fmt: str) -> str:
    if value is None:
        width = "".join(c for c in fmt.split(".")[0] if c.isdigit())
        return "-".rjust(int(width or 1))
    return format(value, fmt)


def print_table(result: dict) -> None:
    meta, imp = result["meta"], result["import"]
    print(
        f"\n{meta['articles']} articles on {meta['db']}, gunicorn {meta['workers']} workers, "
        f"wrk -c{meta['connections']} {meta['duration']} s a page, {meta['timestamp']}"
    )
    if "load_average_after" in meta:
        print(
            f"machine load average {meta['load_average_before'][0]:.1f} before the runs, "
            f"{meta['load_average_after'][0]:.1f} after ({meta['cpus']} CPUs)"
        )
    if "reused_database" in imp:
        print(f"measured the database {imp['reused_database']} an earlier run built")
    else:
        print(
            f"import {imp['import_files_per_s']:.0f} files/s "
            f"({imp['import_queries_per_file']:.1f} queries/file); re-import "
            f"{imp['reimport_files_per_s']:.0f} files/s, {imp['reimport_writes']} writes"
        )
    header = (
        f"{'page':16} {'req/s':>8} {'×trivial':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'SQL':>4} {'cold SQL':>8} {'srv ms':>7} {'KB':>6} {'KB gz':>6}"
    )
    print(header)
    print("-" * len(header))
    for row in result["table"]:
        print(
            f"{row['page']:16} {_cell(row['rps'], '8.0f')} {_cell(row['ratio'], '8.2f')} "
            f"{_cell(row['p50_ms'], '7.1f')} {_cell(row['p99_ms'], '7.1f')} "
            f"{_cell(row['queries'], '4d')} {_cell(row['queries_cold'], '8d')} "
            f"{_cell(row['server_ms'], '7.1f')} "
            f"{_cell(row['bytes'] and row['bytes'] / 1024, '6.1f')} "
            f"{_cell(row['bytes_gzip'] and row['bytes_gzip'] / 1024, '6.1f')}"
        )


def print_comparison(old: dict, new: dict) -> None:
    """Each page's figures against an earlier run: ratios compare across machines, req/s do not."""
    print(f"\nagainst {old['meta']['timestamp']} ({old['meta']['articles']} articles):")
    before = {row["page"]: row for row in old["table"]}
    print(f"{'page':16} {'req/s':>17} {'×trivial':>13} {'p50 ms':>15} {'SQL':>9}")
    for row in new["table"]:
        was = before.get(row["page"], {})

        def pair(key: str, fmt: str, row: dict = row, was: dict = was) -> str:
            return f"{_cell(was.get(key), fmt)}→{_cell(row.get(key), fmt)}"

        print(
            f"{row['page']:16} {pair('rps', '.0f'):>17} {pair('ratio', '.2f'):>13} "
            f"{pair('p50_ms', '.1f'):>15} {pair('queries', 'd'):>9}"
        )
    for key in ("import_files_per_s", "reimport_files_per_s"):
        if key not in old["import"] or key not in new["import"]:
            continue
        print(f"{key:22} {old['import'][key]:.0f} → {new['import'][key]:.0f}")


def create_postgres(base_url: str) -> tuple[str, str]:
    import psycopg2

    # BENCH_DB_PREFIX: where a shared server asks each user for names of their own.
    prefix = os.environ.get("BENCH_DB_PREFIX", "np_bench_")
    name = prefix + datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    connection = psycopg2.connect(f"{base_url}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return name, f"{base_url}/{name}"


def drop_postgres(base_url: str, name: str) -> None:
    import psycopg2
    from django.db import connections

    connections.close_all()
    connection = psycopg2.connect(f"{base_url}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, help="default 10,000 (1,000 with --quick)")
    parser.add_argument("--quick", action="store_true", help="1,000 articles, 3-second runs")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="the server --db postgres makes its database on (default: $BENCH_POSTGRES)",
    )
    parser.add_argument("--duration", type=float, help="seconds of wrk a page (10; 3 quick)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5, help="in-process requests a page")
    parser.add_argument(
        "--warmup",
        type=float,
        default=1,
        help="seconds of each wrk warm-up run, repeated until req/s holds steady (0: none)",
    )
    parser.add_argument(
        "--load-pages",
        type=lambda value: value.split(","),
        help="comma-separated page types to load with wrk (default: all; the rest in process only)",
    )
    parser.add_argument("--no-load", action="store_true", help="skip gunicorn and wrk")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the PostgreSQL database (its name is printed)"
    )
    parser.add_argument(
        "--reuse-db",
        metavar="NAME",
        help="measure a database an earlier --keep-db run built (PostgreSQL; no import figures)",
    )
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--compare", type=Path, help="an earlier result to print deltas against")
    parser.add_argument("--against", type=Path, help="with --compare: a result, not a new run")
    args = parser.parse_args()
    if args.compare and args.against:
        print_comparison(json.loads(args.compare.read_text()), json.loads(args.against.read_text()))
        return
    args.articles = args.articles or (1000 if args.quick else 10_000)
    args.duration = args.duration or (3 if args.quick else 10)
    if not args.no_load and not load.wrk_path():
        raise SystemExit("wrk not found: apt-get install wrk (or --no-load for the rest)")

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    work = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
    database = None
    if (args.reuse_db or args.keep_db) and args.db != "postgres":
        raise SystemExit("--keep-db and --reuse-db name a PostgreSQL database: add --db postgres")
    if args.reuse_db:
        database_url = f"{args.postgres}/{args.reuse_db}"
    elif args.db == "postgres":
        database, database_url = create_postgres(args.postgres)
    else:
        database_url = f"sqlite:///{work / 'bench.sqlite3'}"
    try:
        result = bench(args, work, database_url, stamp)
    finally:
        if database and args.keep_db:
            print(f"kept the database {database}")
        elif database:
            drop_postgres(args.postgres, database)
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_table(result)
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"{stamp}.json"
    out.write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(f"\nwrote {out}")
    plans.write(result.get("plans", {}), out.with_suffix(".plans.txt"))
    if args.compare:
        print_comparison(json.loads(args.compare.read_text()), result)


def build(args: argparse.Namespace, work: Path, env: dict[str, str]) -> tuple[dict, dict]:
    """The newsroom written and imported (bulk-loaded past BULK_ABOVE): figures, busiest pages."""
    exports = work / "exports"
    start = time.perf_counter()
    # Past BULK_ABOVE articles on PostgreSQL, the oldest are written by bench/bulk.py.
    sample = BULK_SAMPLE if args.db == "postgres" and args.articles > BULK_ABOVE else None
    loaded = bulk.load(args.articles, sample) if sample else {}
    if loaded:
        # The newest files are imported onto the bulk-loaded rows: with no statistics
        # the planner reads a million rows to look each batch of digests up.
        vacuum()
    newsroom.write_exports(exports, args.articles, newest=sample)
    print(f"wrote the export files in {time.perf_counter() - start:.1f} s", flush=True)
    imported = {**import_corpus(exports), **loaded}
    return imported, newsroom.enrich(Path(env["MEDIA_ROOT"]))


def vacuum() -> None:
    """``VACUUM (ANALYZE)`` on PostgreSQL, as docs/deploy.md has operators do after a load.

    Rows written by COPY or a big import have no planner statistics and no
    visibility map yet: until autovacuum comes round, the planner guesses and
    index-only scans read the table too, and the figures measure neither.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    print(f"VACUUM (ANALYZE) in {time.perf_counter() - start:.0f} s", flush=True)


def bench(args: argparse.Namespace, work: Path, database_url: str, stamp: str) -> dict:
    port = free_port()
    env = environment(work, database_url, port)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.reuse_db:
        from articles.models import Article

        newsroom.write_pictures(Path(env["MEDIA_ROOT"]))
        args.articles = Article.objects.count()
        imported = {"reused_database": args.reuse_db}
        busiest = newsroom.busiest_pages()
    else:
        imported, busiest = build(args, work, env)
    vacuum()
    paths = page_paths(busiest)
    in_process = measure_in_process(paths, args.runs)
    from django.test import Client

    body = Client().get(paths["article"][0]).content
    Path(env["BENCH_BODY_FILE"]).write_bytes(body)
    static = Path(env["STATIC_ROOT"]) / "bench"
    static.mkdir(exist_ok=True)
    (static / "ceiling.html").write_bytes(body)
    result = {
        "meta": {
            "timestamp": stamp,
            "articles": args.articles,
            "db": args.db,
            "workers": args.workers,
            "connections": args.connections,
            "duration": args.duration,
            "cpus": os.cpu_count(),
            "commit": subprocess.run(
                [shutil.which("git") or "git", "rev-parse", "--short", "HEAD"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip(),
            "paths": {name: urls[0] for name, urls in paths.items()},
        },
        "import": imported,
        "in_process": in_process,
        "plans": plans.collect(paths),  # EXPLAIN of the list pages' queries (PostgreSQL)
    }
    if not args.no_load:
        print("load (wrk):", flush=True)
        result["meta"]["load_average_before"] = os.getloadavg()
        result["load"] = load_pages(env, port, paths, args)
        # Other work on the machine takes CPU from the server: a high figure means noise.
        result["meta"]["load_average_after"] = os.getloadavg()
    result["table"] = build_table(result)
    return result


if __name__ == "__main__":
    main()
