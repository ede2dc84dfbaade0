"""A backup restores to the same site: docs/deploy.md's pg_dump/pg_restore, end to end.

The test database is filled through the real import command (the seed and a few
more exports, some naming each other in Related News), dumped with ``pg_dump -Fc``,
restored with ``pg_restore`` into a new database, and the same pages are asked
of each database by a process of its own (production settings, no page cache):
article, home, section, tag, search, feeds, sitemap and API bodies must be
byte-identical. An import into the restored database then creates an article,
so its sequences came back too.
"""

import base64
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Tag
from tests.exports import export_text, write_export

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),  # pg_dump reads what is committed.
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="pg_dump/pg_restore back up PostgreSQL; a SQLite site is backed up by "
        "copying its file with sqlite3 .backup (docs/deploy.md)",
    ),
]

RENDER = """
import base64, json, sys
import django
django.setup()
from django.test import Client
client = Client()
pages = {}
for path in json.loads(sys.argv[1]):
    response = client.get(path)
    body = b"".join(response) if response.streaming else response.content
    pages[path] = [response.status_code, base64.b64encode(body).decode()]
print(json.dumps(pages))
"""


def server_options() -> list[str]:
    """Host, port and user of the test database, for the PostgreSQL client tools."""
    given = connection.settings_dict
    return [
        "-h",
        given["HOST"] or "127.0.0.1",
        "-p",
        str(given["PORT"] or 5432),
        "-U",
        given["USER"],
    ]


def database_url(name: str) -> str:
    given = connection.settings_dict
    host, port = given["HOST"] or "127.0.0.1", given["PORT"] or 5432
    password = f":{given['PASSWORD']}" if given["PASSWORD"] else ""
    return f"postgres://{given['USER']}{password}@{host}:{port}/{name}"


def site_env(name: str) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSPORTAL_ENV_FILE": "/dev/null",
        "DJANGO_SETTINGS_MODULE": "newsportal.settings",
        "DATABASE_URL": database_url(name),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "off",
        "HTTPS": "off",
        "SITE_URL": "http://testserver",
        "ALLOWED_HOSTS": "testserver",
        "REDIS_URL": "",
        "PAGE_CACHE": "off",
        # Pages name static files; the manifest storage would need a collectstatic.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


def pages_of(name: str, paths: list[str]) -> dict[str, tuple[int, bytes]]:
    completed = subprocess.run(
        [sys.executable, "-c", RENDER, json.dumps(paths)],
        cwd=ROOT,
        env=site_env(name),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    shown = json.loads(completed.stdout.splitlines()[-1])
    return {path: (status, base64.b64decode(body)) for path, (status, body) in shown.items()}


@pytest.fixture
def restored_name():
    """A database name of this helper's own, dropped after the test."""
    name = f"np_ops_restore_{secrets.token_hex(4)}"
    yield name
    subprocess.run(
        [
            "psql",
            *server_options(),
            "-d",
            "postgres",
            "-qc",
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        ],
        check=False,
        capture_output=True,
    )


def populate(tmp_path: Path, seed_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    shutil.copy(seed_path, exports / "000_seed.txt")
    write_export(
        exports,
        "001.txt",
        export_text(
            "Council approves the new tram line",
            related=[
                "Russian strikes do not demonstrate 'serious' commitment to peace, says NATO chief"
            ],
        ),
    )
    write_export(
        exports,
        "002.txt",
        export_text(
            "Tram works close Rue Neuve until June",
            [
                "Works on the tram line close Rue Neuve in Brussels from 9 March 2026.",
                "Buses run instead.",
            ],
            related=["Council approves the new tram line", "A story still to come"],
        ),
    )
    write_export(
        exports,
        "003.txt",
        export_text(
            "Mayor Philippe Close opens the depot",
            [
                "Mayor Philippe Close opened the depot in Brussels on 12 March 2026.",
                "“It is ours,” he said.",
            ],
            caption=None,
            copyright_line="(c) 2026 Le Soir",
        ),
    )
    call_command("import_articles", str(exports), stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_a_restored_dump_serves_byte_identical_pages(tmp_path, seed_path, restored_name):
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if not (pg_dump and pg_restore):
        pytest.fail("pg_dump/pg_restore not found: apt-get install postgresql-client")
    populate(tmp_path, seed_path)
    original = connection.settings_dict["NAME"]
    articles = list(Article.objects.published().order_by("pk"))
    assert len(articles) == 4
    section = next((a.section for a in articles if a.section_id), None)
    tag = Tag.objects.filter(taggings__isnull=False).order_by("pk").first()
    paths = [
        *(article.get_absolute_url() for article in articles),
        "/",
        *([section.get_absolute_url()] if section else []),
        tag.get_absolute_url(),
        "/search/?q=tram",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/api/ninjs/articles/",
        f"/api/ninjs/articles/{articles[0].uuid}",
    ]

    dump = tmp_path / "newsportal.dump"
    subprocess.run(
        [pg_dump, *server_options(), "-Fc", "--no-owner", "-f", str(dump), original], check=True
    )
    subprocess.run(
        ["psql", *server_options(), "-d", "postgres", "-qc", f'CREATE DATABASE "{restored_name}"'],
        check=True,
    )
    subprocess.run(
        [
            pg_restore,
            *server_options(),
            "--no-owner",
            "--exit-on-error",
            "-d",
            restored_name,
            str(dump),
        ],
        check=True,
    )

    before, after = pages_of(original, paths), pages_of(restored_name, paths)
    for path in paths:
        status, body = before[path]
        assert status == 200, path
        assert len(body) > 200, path
        assert after[path] == before[path], path

    # Sequences came back with the rows: a new article gets a key of its own.
    new = write_export(tmp_path, "new.txt", export_text("Restored sites take new stories"))
    imported = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(new)],
        cwd=ROOT,
        env=site_env(restored_name),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("created /")
