"""Full-text search: a stored vector with a GIN index on PostgreSQL, an FTS5 table on SQLite.

Each database gets only its own half; on the other the operations do nothing.
Existing articles are indexed by ``manage.py reindex_search`` (see README).
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

POSTGRESQL_FORWARD = [
    # English stemming that ignores accents: "Émile" and "Emile" are one word.
    "CREATE TEXT SEARCH CONFIGURATION newsportal_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION newsportal_english"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    "CREATE INDEX article_search_vector ON articles_article USING gin (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS article_search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsportal_english",
]
SQLITE_FORWARD = [
    # rowid is the article's id. Columns in the order of their bm25() weights.
    "CREATE VIRTUAL TABLE articles_search USING fts5("
    "headline, standfirst, body, caption, names,"
    " tokenize = 'porter unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS articles_search"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_reading"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, serialize=False
            ),
        ),
        UnaccentExtension(),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
