"""A primary and a read replica: readers read the copy, editors see their own saves at once.

Two databases on the local PostgreSQL stand in for the primary and its replica:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/np_x_primary \\
    DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:5432/np_x_replica \\
    .venv/bin/pytest tests/test_db_replicas.py

The replica's test database starts as a copy of the primary's (tests/conftest.py);
each test then copies the primary's rows into it (``replicate``), as streaming
replication would, and makes the two differ: the replica "lags" (a change made
on the primary only) or holds a row of its own. Which text a page shows says
which database it was read from.

The first tests run everywhere: without replicas nothing changes.
"""

import io
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, router

from articles.models import Article, ArticleReadCount
from newsportal import db_router
from newsportal.replica_reads import PIN_COOKIE
from tests import factories
from tests.test_admin import change_url, changelist_url, errors_of, form_data
from tests.test_popularity import BROWSER

ROOT = Path(__file__).resolve().parent.parent
REPLICA = "replica_1"
ON_POSTGRES = connections["default"].vendor == "postgresql"

with_replica = pytest.mark.skipif(
    REPLICA not in settings.DATABASES,
    reason=(
        "SQLite has no read replicas (the router leaves everything on default there)"
        if not ON_POSTGRES
        else "no replica configured: set DATABASE_REPLICA_URLS to a second PostgreSQL "
        "database (see this module's docstring)"
    ),
)
both_databases = pytest.mark.django_db(databases=["default", REPLICA])


# Without replicas: nothing changes --------------------------------------------------------


@pytest.mark.skipif(REPLICA in settings.DATABASES, reason="runs without DATABASE_REPLICA_URLS")
@pytest.mark.django_db
def test_without_replicas_every_query_uses_the_one_database(client):
    article = factories.article(headline="Tram line 9 opens")

    with db_router.request_reads(replicas=True):
        assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"
    assert "Tram line 9 opens" in client.get(article.get_absolute_url()).content.decode()
    assert PIN_COOKIE not in client.cookies


def test_a_replica_of_a_sqlite_primary_is_refused_by_name(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "newsportal.settings",
            "NEWSPORTAL_ENV_FILE": str(tmp_path / "none.env"),
            "DEBUG": "on",
            "HTTPS": "off",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DATABASE_REPLICA_URLS": "postgres://reader:secret@10.0.0.2:5432/news",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS entry 1 (news) is not a PostgreSQL database" in result.stderr
    assert "secret" not in result.stderr


# With a replica ---------------------------------------------------------------------------


@pytest.fixture
def replicate(settings, tmp_path):
    """Copy every row of the primary into the replica, as streaming replication does.

    Row by row through Django's serializers: ``loaddata`` skips the models the
    router lets no migration create there, which on a replica is every one.
    """
    settings.MEDIA_ROOT = tmp_path / "media"

    def copy() -> None:
        dump = io.StringIO()
        call_command("dumpdata", database="default", stdout=dump, format="json")
        for row in serializers.deserialize("json", dump.getvalue(), using=REPLICA):
            row.save(using=REPLICA)

    return copy


@contextmanager
def later(seconds: float):
    """The clock, ``seconds`` on: pins and the after-change window have run out."""
    moment = time.time() + seconds
    with mock.patch("time.time", return_value=moment):
        yield


def replication_caught_up():
    """As long after the last change as the router waits for replicas to catch up."""
    return later(settings.DATABASE_REPLICA_PIN_SECONDS + 1)


def headline_on(page) -> str:
    text = page.content.decode()
    for candidate in ("on the primary", "on the replica"):
        if candidate in text:
            return candidate
    raise AssertionError("the page shows neither copy's headline")


@pytest.fixture
def lagging(replicate):
    """A published article whose headline the replica has not caught up with."""
    article = factories.article(headline="Tram line 9 opens: story on the replica")
    replicate()
    article.headline = "Tram line 9 opens: story on the primary"
    article.save()
    return article


@with_replica
@both_databases
def test_an_anonymous_reader_reads_the_replica_once_it_has_had_time_to_catch_up(client, lagging):
    with replication_caught_up():
        page = client.get(lagging.get_absolute_url(), HTTP_USER_AGENT=BROWSER)

    assert page.status_code == 200
    assert headline_on(page) == "on the replica"
    assert PIN_COOKIE not in page.cookies


@with_replica
@both_databases
def test_right_after_a_change_readers_get_the_primary_so_no_stale_page_is_kept(
    client, lagging, settings
):
    settings.PAGE_CACHE = True

    first = client.get(lagging.get_absolute_url())
    with replication_caught_up():
        again = client.get(lagging.get_absolute_url())  # From the page cache.

    assert headline_on(first) == "on the primary"
    assert headline_on(again) == "on the primary"


@with_replica
@both_databases
def test_an_editor_reads_the_primary_right_after_saving(admin_user, client, replicate):
    article = factories.article(headline="Budget agreed: story on the replica")
    replicate()
    client.force_login(admin_user)
    with replication_caught_up():
        form = client.get(change_url(article))
        saved = client.post(
            change_url(article),
            form_data(form, headline="Budget agreed: story on the primary"),
        )
        assert saved.status_code == 302, errors_of(saved)
        cache.delete(db_router.CHANGED_AT_KEY)  # The pin alone (readers' window: above).

        page = client.get(article.get_absolute_url())

    assert saved.cookies[PIN_COOKIE]["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS
    assert headline_on(page) == "on the primary"
    # The save went to the primary only: the replica still has the old headline.
    assert Article.objects.using(REPLICA).get(pk=article.pk).headline.endswith("on the replica")


@with_replica
@both_databases
def test_once_the_pin_runs_out_the_editor_reads_the_replica_again(admin_user, client, replicate):
    article = factories.article(headline="Budget agreed: story on the replica")
    replicate()
    client.force_login(admin_user)
    form = client.get(change_url(article))
    client.post(
        change_url(article), form_data(form, headline="Budget agreed: story on the primary")
    )

    with replication_caught_up():
        page = client.get(article.get_absolute_url())

    assert headline_on(page) == "on the replica"


@with_replica
@both_databases
def test_the_admin_always_reads_the_primary(admin_user, client, replicate):
    article = factories.article(headline="Storm warning: story on the primary")
    replicate()
    Article.objects.using(REPLICA).filter(pk=article.pk).update(
        headline="Storm warning: story on the replica"
    )
    client.force_login(admin_user)

    with replication_caught_up():
        listing = client.get(changelist_url(Article))
        form = client.get(change_url(article))
        public = client.get(article.get_absolute_url())

    assert headline_on(listing) == "on the primary"
    assert headline_on(form) == "on the primary"
    assert headline_on(public) == "on the replica"  # Logged in, but no save: the replica.


@with_replica
@both_databases
def test_a_read_counted_on_a_replica_page_is_written_to_the_primary(client, lagging, settings):
    settings.READS_FOLD_BATCH = 1

    with replication_caught_up():
        page = client.get(lagging.get_absolute_url(), HTTP_USER_AGENT=BROWSER)

    assert headline_on(page) == "on the replica"
    assert ArticleReadCount.objects.using("default").filter(article=lagging).get().reads == 1
    assert not ArticleReadCount.objects.using(REPLICA).exists()
    assert PIN_COOKIE not in page.cookies  # A reader's page view pins nobody.


@with_replica
@both_databases
def test_commands_write_and_read_the_primary(seed_path, replicate):
    out = io.StringIO()
    with replication_caught_up():
        call_command("import_articles", str(seed_path), stdout=out)
        call_command("import_articles", str(seed_path), stdout=out)

    assert Article.objects.using("default").count() == 1
    assert not Article.objects.using(REPLICA).exists()
    assert "unchanged" in out.getvalue()  # The second run found the first's article.


@with_replica
@both_databases
def test_migrations_run_on_the_primary_only_and_rows_relate_across_copies(replicate):
    article = factories.article()
    replicate()
    copy = Article.objects.using(REPLICA).get(pk=article.pk)

    assert router.allow_migrate("default", "articles") is not False
    assert router.allow_migrate(REPLICA, "articles") is False
    assert router.allow_relation(article.publisher, copy)
