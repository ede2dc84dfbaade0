"""Lists at scale: bylines and taggings carry their article's status and time.

The plain many-to-many table of ``Article.tags`` becomes the ``Tagging`` model
in place (same table, same rows: only Django's idea of it changes). Bylines
and taggings get copies of the article's ``status`` and ``published_at``,
filled here in one statement each, then the indexes that serve a person's, a
tag's, a section's and a publisher's list newest first. The single-column
indexes on the author, the tag, the section, the publisher and "featured" go:
the new ones start with those columns.
"""

import django.db.models.deletion
from django.db import migrations, models

STATUS_CHOICES = [("draft", "Draft"), ("published", "Published")]

COPY = (
    "UPDATE {table} SET status = a.status, published_at = a.published_at"
    " FROM articles_article AS a WHERE a.id = {table}.article_id"
)


def _copy_field():
    return models.CharField(
        choices=STATUS_CHOICES, default="draft", editable=False, max_length=10, serialize=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tagging",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "article",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="taggings",
                                to="articles.article",
                            ),
                        ),
                        (
                            "tag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="taggings",
                                to="articles.tag",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "tagging",
                        "db_table": "articles_article_tags",
                        "unique_together": {("article", "tag")},
                    },
                ),
                migrations.AlterField(
                    model_name="article",
                    name="tags",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="articles",
                        through="articles.Tagging",
                        to="articles.tag",
                        verbose_name="tags",
                    ),
                ),
            ],
        ),
        migrations.AddField(model_name="byline", name="status", field=_copy_field()),
        migrations.AddField(
            model_name="byline",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True, serialize=False),
        ),
        migrations.AddField(model_name="tagging", name="status", field=_copy_field()),
        migrations.AddField(
            model_name="tagging",
            name="published_at",
            field=models.DateTimeField(editable=False, null=True, serialize=False),
        ),
        migrations.RunSQL(
            [COPY.format(table="articles_byline"), COPY.format(table="articles_article_tags")],
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="byline",
            name="author",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bylines",
                to="articles.author",
            ),
        ),
        migrations.AlterField(
            model_name="tagging",
            name="tag",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="taggings",
                to="articles.tag",
            ),
        ),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(
                fields=["author", "status", "-published_at", "-article"], name="byline_listed"
            ),
        ),
        migrations.AddIndex(
            model_name="tagging",
            index=models.Index(
                fields=["tag", "status", "-published_at", "-article"], name="tagging_listed"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "status", "-published_at", "-id"],
                name="article_section_listed",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["publisher", "status", "-published_at", "-id"],
                name="article_publisher_listed",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["featured", "status", "-published_at", "-id"],
                name="article_featured_listed",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="featured",
            field=models.BooleanField(
                default=False,
                help_text="Leads the front page; the newest featured story wins. "
                "With none, the newest story leads.",
                verbose_name="lead story",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="section",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="articles",
                to="articles.section",
                verbose_name="section",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="publisher",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="articles.publisher",
                verbose_name="publisher",
            ),
        ),
    ]
