"""PostgreSQL's search vectors move from the article table to their own, ``SearchDocument``.

On PostgreSQL the vectors already written are copied over in SQL (no
``reindex_search`` needed), the GIN index is rebuilt on the new table and the
article table loses its column. On SQLite the new table stays empty: search
there has its FTS5 table (migration 0005).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL_FORWARD = [
    "INSERT INTO articles_searchdocument (article_id, vector, published_at)"
    " SELECT id, search_vector, published_at FROM articles_article"
    " WHERE search_vector IS NOT NULL",
    "CREATE INDEX search_document_vector ON articles_searchdocument USING gin (vector)",
    "DROP INDEX IF EXISTS article_search_vector",
    # The search chooses how to read candidates from the planner's estimates.
    "ANALYZE articles_searchdocument",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector",
    "UPDATE articles_article AS a SET search_vector = d.vector"
    " FROM articles_searchdocument AS d WHERE d.article_id = a.id",
    "CREATE INDEX article_search_vector ON articles_article USING gin (search_vector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_lists_at_scale"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
                ("published_at", models.DateTimeField(null=True)),
            ],
            options={
                "verbose_name": "search document",
            },
        ),
        migrations.RunPython(_run(POSTGRESQL_FORWARD), _run(POSTGRESQL_BACKWARD)),
        migrations.RemoveField(
            model_name="article",
            name="search_vector",
        ),
    ]
