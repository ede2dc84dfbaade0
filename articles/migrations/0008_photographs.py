"""Photographs at scale: an article carries a copy of its lead picture's photographer.

A photographer's "Photographs" were found through the pictures, in no index's
order: page 500 of 25,000 meant reading and sorting all 25,000 articles. The
copy (``Article.lead_photographer``, kept by ``articles.listing_copies``) is
filled here in one statement, then indexed in the list's order as a section's
and a publisher's lists are.
"""

import django.db.models.deletion
from django.db import migrations, models

COPY = (
    "UPDATE articles_article SET lead_photographer_id = (SELECT photographer_id"
    " FROM articles_image WHERE articles_image.id = articles_article.lead_image_id)"
    " WHERE lead_image_id IS NOT NULL"
)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_search_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="lead_photographer",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                serialize=False,
                to="articles.author",
            ),
        ),
        migrations.RunSQL(COPY, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["lead_photographer", "status", "-published_at", "-id"],
                name="article_photographer_listed",
            ),
        ),
    ]
