"""Benchmark: import N plain-text export files into a fresh SQLite database.

Makes N distinct articles from the seed (each with its own headline, a related
headline naming the previous one, and a date), imports them with the real
command, imports them again (every file "unchanged"), and prints the timings
and the number of SQL queries per file.

    python bench/import_files.py --files 1000
    python bench/import_files.py --database-url postgres://postgres@127.0.0.1/empty_db
"""

import argparse
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "000_7f91a2f5f40fcb4f.txt"


def make_files(directory: Path, count: int) -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    headline = lines[0]
    for n in range(count):
        title = f"{headline} (part {n})"
        text = "\n".join(lines).replace(headline, title)
        related = f"{headline} (part {n - 1})" if n else ""
        text = text.replace("Related News\n", f"Related News\n{related}\n")
        (directory / f"{n:05d}.txt").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument(
        "--database-url", help="an empty database to use (default: a new SQLite file)"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsportal-bench-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    exports = work / "exports"
    exports.mkdir()
    make_files(exports, args.files)

    for label in ("first import", "second import (unchanged)"):
        out = StringIO()
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            start = time.perf_counter()
            call_command("import_articles", str(exports), stdout=out)
            elapsed = time.perf_counter() - start
        outcomes = [line.split()[0] for line in out.getvalue().splitlines()]
        summary = {word: outcomes.count(word) for word in sorted(set(outcomes))}
        print(
            f"{label}: {args.files} files in {elapsed:.2f} s "
            f"({elapsed / args.files * 1000:.1f} ms/file, "
            f"{len(queries) / args.files:.1f} queries/file) {summary}"
        )


if __name__ == "__main__":
    main()
