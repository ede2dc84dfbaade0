"""The query plans of the list pages, for bench/site.py's report (PostgreSQL only).

Each list page is requested once in process; its article queries (those that
read ``articles_article``) are explained with ``EXPLAIN (ANALYZE, BUFFERS off)``,
and a page's verdict is "index" unless a plan holds a ``Seq Scan on
articles_article``: at a million articles that is the scan that costs seconds.
A small archive may rightly choose a sequential scan, so the verdicts mean
something at scale (``make bench ARTICLES=1000000 DB=postgres``).
"""

import re
from pathlib import Path

# The list pages (a small archive's section has fewer than 500 pages: its deepest),
# and an article, whose Related News looks for similar stories across the archive.
LIST_PAGES = (
    "home",
    "home_deepest",
    "section_p1",
    "section_p500",
    "section_deepest",
    "tag",
    "author",
    "api_ninjs",
    "article",
)
# Not articles_articlereadcount: the name ends there.
SEQ_SCAN = re.compile(r"Seq Scan on articles_article\b")


def _explain(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS off) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def collect(paths: dict[str, list[str]]) -> dict[str, dict]:
    """Each list page's article queries with their plans, and the page's verdict."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        return {}
    client = Client()
    found = {}
    for name in LIST_PAGES:
        if name not in paths:
            continue
        cache.clear()  # Every query the page can make: Related News worked out too.
        with override_settings(PAGE_CACHE=False), CaptureQueriesContext(connection) as queries:
            client.get(paths[name][0])
        plans = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if sql.lstrip().upper().startswith("SELECT") and '"articles_article"' in sql:
                # Captured SQL has its values written in: explained as it ran.
                plans.append({"sql": sql, "plan": _explain(sql, None)})
        found[name] = {
            "path": paths[name][0],
            "verdict": "seq scan" if any(SEQ_SCAN.search(p["plan"]) for p in plans) else "index",
            "queries": plans,
        }
    return found


def write(plans: dict[str, dict], out: Path) -> None:
    """The plans as text beside the result's JSON, and each page's verdict printed."""
    lines = []
    for name, page in plans.items():
        print(f"  plan {name:14} {page['verdict']}")
        lines.append(f"== {name} {page['path']}: {page['verdict']}")
        for query in page["queries"]:
            lines += [query["sql"], query["plan"], ""]
    if lines:
        out.write_text("\n".join(lines) + "\n")
        print(f"wrote {out}")
