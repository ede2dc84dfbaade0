"""A batch's new articles written together store what the file-by-file path stores.

The same exports are imported twice into an emptied database: once as the command
does (a batch's new plain-text articles through ``articles.bulk_import``), once with
that path turned off, so every file goes through ``importer.persist``. What readers,
editors and the next import see must be the same: articles, addresses, pictures and
credits, tags and their listing copies, Related News and their targets, the history
of states, the revisions, the fingerprints and the search index.
"""

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.bulk_import import serialised
from articles.management.commands import import_articles
from articles.models import Article, RelatedLink, Tagging
from tests.exports import export_text, write_export
from tests.import_corpus import corpus, empty_the_database, imported, run, stored_story

pytestmark = pytest.mark.django_db


def test_a_batch_written_together_stores_what_files_written_one_by_one_store(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    stored = stored_story(tmp_path)
    batch = tmp_path / "batch"
    batch.mkdir()
    paths = corpus(batch)

    together_lines, together = imported(stored, paths, django_capture_on_commit_callbacks)
    empty_the_database()
    monkeypatch.setattr(import_articles, "create_new", lambda *args: {})
    alone_lines, alone = imported(stored, paths, django_capture_on_commit_callbacks)

    assert together_lines == alone_lines
    assert together == alone
    # The cases it is made of are there.
    links = {(link[2], link[4] is not None) for link in together["links"]}
    assert ("Harbour reopens", True) in links  # a later file's article
    assert ("Nothing of that name", False) in links
    assert ("Waited for", True) in links  # the stored article's link, now answered
    assert sorted(line.split()[0] for line in together_lines) == [
        "1",  # the run's summary: one file could not be imported
        "created",
        "created",
        "created",
        "created",
        "created",
        "error:",
        "unchanged",
    ]
    assert len({article["slug"] for article in together["articles"].values()}) == 6


def test_a_batch_of_new_articles_is_written_in_the_same_queries_however_many_files(tmp_path):
    run(stored_story(tmp_path))  # the publisher and a person are stored

    def queries_for(count: int, prefix: str) -> int:
        directory = tmp_path / prefix
        directory.mkdir()
        paths = [
            str(
                write_export(
                    directory,
                    f"{n}.txt",
                    export_text(
                        f"{prefix} story {n}",
                        [f"Mark Rutte spoke in Brussels on {n + 1} March 2026.", "More."],
                        caption=f"Picture {n}. Jane Doe / Belga",
                        related=[f"{prefix} story {n - 1}", "Stored story"],
                    ),
                )
            )
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            lines = run(*paths)
        assert [line.split()[0] for line in lines] == ["created"] * count
        return len(queries)

    queries_for(3, "warm")  # the places and tags the stories name are stored
    assert queries_for(3, "small") == queries_for(30, "large")


def test_rows_are_serialised_for_revisions_as_django_reversion_serialises_them(tmp_path):
    run(*corpus(tmp_path))
    rows = [
        *Article.objects.all(),
        *Tagging.objects.all(),
        *RelatedLink.objects.all(),
    ]

    assert len(rows) > 10
    assert serialised(rows) == [serializers.serialize("json", [row]) for row in rows]


def test_a_large_import_leaves_postgresql_statistics_of_what_it_wrote(tmp_path, monkeypatch):
    """Else the next run's digest lookup (and the site's lists) are planned for empty tables."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite plans without statistics")
    monkeypatch.setattr(import_articles, "ANALYZE_AFTER", 3)
    paths = [
        str(write_export(tmp_path, f"{n}.txt", export_text(f"Counted story {n}"))) for n in range(5)
    ]

    def rows_known_to_the_planner() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
            return cursor.fetchone()[0]

    run(*paths[:2])
    assert rows_known_to_the_planner() != 2  # two new articles are fewer than asked for
    run(*paths)

    assert rows_known_to_the_planner() == Article.objects.count() == 5
