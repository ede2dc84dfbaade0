"""Headline keys become fixed-length digests of the folded headline.

The folded text could be longer than the headline (``ﷺ`` folds to 18
characters), longer than the 300-character column: PostgreSQL refused the
row. The data step runs first, while the column still holds 300 characters,
then the columns shrink to the digest's 64.
"""

from django.db import migrations, models

from articles.text.headlines import digest_of_folded, fold_headline, headline_key

BATCH = 1000


def _in_batches(queryset, fields: list[str], change) -> None:
    model, batch = queryset.model, []
    for row in queryset.only("pk", *fields).iterator(chunk_size=BATCH):
        change(row)
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_update(batch, fields)
            batch = []
    if batch:
        model.objects.bulk_update(batch, fields)


def digest_headline_keys(apps, schema_editor) -> None:
    """Keys from today's headlines; the importer's source key from the folded
    text it stored (the headline as first imported, which an editor may since
    have changed), so a re-import still finds its article."""
    Article = apps.get_model("articles", "Article")
    RelatedLink = apps.get_model("articles", "RelatedLink")

    def article(row) -> None:
        row.headline_key = headline_key(row.headline)
        if row.source_key:
            row.source_key = digest_of_folded(row.source_key)

    def link(row) -> None:
        row.headline_key = headline_key(row.headline) if row.headline else ""

    _in_batches(Article.objects.all(), ["headline", "headline_key", "source_key"], article)
    _in_batches(RelatedLink.objects.all(), ["headline", "headline_key"], link)


def fold_headline_keys(apps, schema_editor) -> None:
    """The way back, as far as it goes: a digest cannot be unfolded, so the
    source key becomes today's folded headline (right unless an editor changed it)."""
    Article = apps.get_model("articles", "Article")
    RelatedLink = apps.get_model("articles", "RelatedLink")

    def article(row) -> None:
        row.headline_key = fold_headline(row.headline)[:300]
        if row.source_key:
            row.source_key = row.headline_key

    def link(row) -> None:
        row.headline_key = fold_headline(row.headline)[:300] if row.headline else ""

    _in_batches(Article.objects.all(), ["headline", "headline_key", "source_key"], article)
    _in_batches(RelatedLink.objects.all(), ["headline", "headline_key"], link)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_picture_desk"),
    ]

    operations = [
        migrations.RunPython(digest_headline_keys, fold_headline_keys),
        migrations.AlterField(
            model_name="article",
            name="headline_key",
            field=models.CharField(db_index=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="article",
            name="source_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="relatedlink",
            name="headline_key",
            field=models.CharField(db_index=True, editable=False, max_length=64),
        ),
    ]
