"""`make bench`'s plumbing, with tiny numbers, so the harness cannot rot unnoticed.

Runs bench/site.py as `make bench` does (its own process: it sets up Django with
its own settings and database) on 20 articles, with one-second wrk runs for two
page types, and through nginx when it is installed. Timings are not asserted,
only that every figure is there. Without wrk the load is skipped (without nginx,
its rows), unless REQUIRE_VALIDATORS says every tool must be there.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import nginx

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "article_warm",
    "article_cold",
    "home",
    "home_deepest",
    "section_p1",
    "section_deepest",
    "tag",
    "author",
    "search",
    "feed_rss",
    "api_ninjs",
}


def run_bench(results: Path, *options: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "site.py"), "--results", str(results), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-4000:]
    (written,) = results.glob("*.json")
    return json.loads(written.read_text()), completed.stdout


def test_the_quick_benchmark_imports_serves_loads_and_writes_every_figure(tmp_path: Path) -> None:
    with_wrk = bool(shutil.which("wrk"))
    if not with_wrk and os.environ.get("REQUIRE_VALIDATORS"):
        pytest.fail("wrk is not installed (apt-get install wrk)")
    with_nginx = bool(nginx.nginx_path())
    if not with_nginx and os.environ.get("REQUIRE_VALIDATORS"):
        pytest.fail("nginx is not installed (apt-get install nginx)")
    load = (
        ["--duration", "1", "--warmup", "0", "--load-pages", "article,home"]
        if with_wrk
        else ["--no-load"]
    )
    result, printed = run_bench(tmp_path, "--articles", "20", "--runs", "1", *load)

    assert result["import"]["import_outcomes"] == {"created": 20}
    assert result["import"]["reimport_outcomes"] == {"unchanged": 20}
    assert result["import"]["reimport_writes"] == 0
    rows = {row["page"]: row for row in result["table"]}
    assert set(rows) >= PAGES
    for page in PAGES:
        assert rows[page]["queries"] >= 1, page
        assert rows[page]["bytes_gzip"] < rows[page]["bytes"], page
    if with_wrk:
        for page in ("trivial", "static", "article_warm", "article_cold", "home"):
            assert rows[page]["rps"] is not None, page
        assert rows["trivial"]["ratio"] == 1
    if with_wrk and with_nginx:
        # Through nginx with the repository's configuration: the second request of an
        # article page is answered by its micro-cache.
        for page in ("article_nginx", "static_nginx"):
            assert rows[page]["rps"] is not None and rows[page]["ratio"] > 0, page
        assert result["load"]["nginx"]["article_cache_status"] == "MISS→HIT"
    assert "×trivial" in printed


def test_compare_prints_the_deltas_between_two_results(tmp_path: Path) -> None:
    table = [{"page": "home", "rps": 10.0, "ratio": 0.1, "p50_ms": 5.0, "queries": 4}]
    result = {
        "meta": {"timestamp": "20260101-000000", "articles": 20},
        "import": {"import_files_per_s": 100.0, "reimport_files_per_s": 900.0},
        "table": table,
    }
    earlier, later = tmp_path / "a.json", tmp_path / "b.json"
    earlier.write_text(json.dumps(result))
    later.write_text(json.dumps({**result, "table": [{**table[0], "rps": 20.0, "ratio": 0.2}]}))
    script = str(ROOT / "bench" / "site.py")
    completed = subprocess.run(
        [sys.executable, script, "--compare", str(earlier), "--against", str(later)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "10→20" in completed.stdout
    assert "0.10→0.20" in completed.stdout
