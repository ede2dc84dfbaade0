"""The importer under faults: two imports of the same files at once, and the database
going away mid-run. Real processes and a real terminated connection, not mocks."""

import io
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Version

from articles.management.commands import import_articles
from articles.models import Article, Author, Byline, Image, StateChange, Tag
from bench import newsroom
from tests.exports import export_text, write_export

ROOT = Path(__file__).resolve().parent.parent
CORPUS = 200
LINE = re.compile(r"^(created|updated|unchanged|conflict) \S+ (\S+)$")


def _start_import(exports: Path, database_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "import_articles", str(exports)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _two_at_once(exports: Path, database_url: str) -> list[tuple[int, str, str]]:
    """Both imports started together; each one's exit status, stdout and stderr."""
    first, second = _start_import(exports, database_url), _start_import(exports, database_url)
    results = []
    for process in (first, second):
        out, err = process.communicate(timeout=600)
        results.append((process.returncode, out, err))
    return results


def _outcomes(out: str) -> dict[str, str]:
    """File name → outcome, from one run's lines (each must be one of the outcomes)."""
    outcomes = {}
    for line in out.splitlines():
        match = LINE.match(line)
        assert match, f"unexpected line: {line!r}"
        outcomes[match[2]] = match[1]
    return outcomes


def _assert_both_succeeded(results: list[tuple[int, str, str]], exports: Path) -> None:
    files = sorted(str(path) for path in exports.iterdir())
    for status, out, err in results:
        assert status == 0, err
        assert "error:" not in err
        assert "duplicate key" not in err
        assert sorted(_outcomes(out)) == files
    # Each file was created by exactly one of the two; the other found it unchanged.
    for name in files:
        said = Counter(_outcomes(out)[name] for _, out, _ in results)
        assert said == Counter({"created": 1, "unchanged": 1}), (name, said)


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_files_at_once_create_each_article_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite variant below uses its own database file")
    exports = tmp_path / "exports"
    newsroom.write_exports(exports, CORPUS)
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )

    _assert_both_succeeded(_two_at_once(exports, url), exports)

    assert Article.objects.count() == CORPUS
    assert Image.objects.count() == CORPUS
    assert StateChange.objects.count() == CORPUS
    assert Version.objects.get_for_model(Article).count() == CORPUS
    names = list(Author.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) > 0
    tags = list(Tag.objects.values_list("kind", "name"))
    assert len(tags) == len(set(tags)) > 0
    # A third run writes nothing: everything is there, once.
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", str(exports), stdout=out, stderr=err)
    assert set(_outcomes(out.getvalue()).values()) == {"unchanged"}


def test_two_imports_at_once_on_sqlite_wait_for_each_other(tmp_path):
    exports = tmp_path / "exports"
    newsroom.write_exports(exports, CORPUS // 4)
    database = tmp_path / "db.sqlite3"
    url = f"sqlite:///{database}"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )

    _assert_both_succeeded(_two_at_once(exports, url), exports)

    with sqlite3.connect(database) as db:
        (articles,) = db.execute("SELECT count(*) FROM articles_article").fetchone()
        (images,) = db.execute("SELECT count(*) FROM articles_image").fetchone()
        (people, names) = db.execute(
            "SELECT count(*), count(DISTINCT name) FROM articles_author"
        ).fetchone()
    assert (articles, images) == (CORPUS // 4, CORPUS // 4)
    assert people == names > 0


def _terminate_at(article_number: int):
    """An execute wrapper that has the server end this connection before the article
    "Story number N" is inserted, alone or with its batch's other new articles (as a
    restart or a dropped network would)."""
    headline = repr(f"Story number {article_number}")

    def wrapper(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "articles_article"') and headline in repr(params):
            pid = connection.connection.get_backend_pid()
            settings = connection.settings_dict
            other = psycopg2.connect(
                dbname=settings["NAME"],
                user=settings["USER"],
                host=settings["HOST"] or "127.0.0.1",
                port=settings["PORT"] or 5432,
            )
            other.autocommit = True
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            other.close()
        return execute(sql, params, many, context)

    return wrapper


@pytest.mark.django_db(transaction=True)
def test_the_database_going_away_leaves_nothing_half_written_and_a_rerun_completes(
    tmp_path, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server's connection needs a server (PostgreSQL)")
    monkeypatch.setattr(import_articles, "BATCH", 10)
    paths = [
        write_export(tmp_path, f"{n:03d}.txt", export_text(f"Story number {n}", related=["Other"]))
        for n in range(30)
    ]
    out, err = io.StringIO(), io.StringIO()
    with (
        connection.execute_wrapper(_terminate_at(15)),
        pytest.raises(CommandError) as failed,
    ):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)

    # The first batch committed; the second died with the connection, the third never ran.
    assert failed.value.returncode == 1
    message = str(failed.value)
    assert "the database connection was lost" in message, err.getvalue()
    assert "20 of 30 files were not imported" in message
    assert f"{paths[10]}, {paths[11]}" in message and "and 15 more" in message
    assert "error:" not in err.getvalue()  # one clear line, not one a file
    assert sorted(_outcomes(out.getvalue())) == [str(path) for path in paths[:10]]
    assert Article.objects.count() == 10
    assert Image.objects.count() == 10  # no picture without its article
    assert StateChange.objects.count() == 10
    assert Byline.objects.exclude(article__in=Article.objects.all()).count() == 0

    out = io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out, stderr=io.StringIO())

    said = _outcomes(out.getvalue())
    assert [said[str(path)] for path in paths] == ["unchanged"] * 10 + ["created"] * 20
    assert Article.objects.count() == Image.objects.count() == 30
    assert Version.objects.get_for_model(Article).count() == 30
