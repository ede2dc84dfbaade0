"""Articles carry a copy of the tags their page shows (``Article.tags_copy``).

The article page reads its tags with the article's own row (articles.shown_tags)
instead of a prefetch query through taggings and tags; the data step writes the
copy of every existing article from its taggings, a batch of articles at a time,
in the page's order (``articles.shown_tags``: kind, then name whatever its case).
"""

from django.db import migrations, models

BATCH = 1000


def _order(entry: dict) -> tuple:
    return entry["kind"], entry["name"].casefold(), entry["name"], entry["id"]


def copy_tags(apps, schema_editor) -> None:
    Article = apps.get_model("articles", "Article")
    Tagging = apps.get_model("articles", "Tagging")
    ids = list(Tagging.objects.order_by().values_list("article_id", flat=True).distinct())
    for start in range(0, len(ids), BATCH):
        batch = sorted(ids[start : start + BATCH])
        copies: dict[int, list[dict]] = {pk: [] for pk in batch}
        rows = Tagging.objects.filter(article_id__in=batch).values_list(
            "article_id", "tag_id", "tag__kind", "tag__name", "tag__slug"
        )
        for article_id, pk, kind, name, slug in rows:
            copies[article_id].append({"id": pk, "kind": kind, "name": name, "slug": slug})
        Article.objects.bulk_update(
            [Article(pk=pk, tags_copy=sorted(copy, key=_order)) for pk, copy in copies.items()],
            ["tags_copy"],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_page_speed"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="tags_copy",
            field=models.JSONField(default=list, editable=False, serialize=False),
        ),
        migrations.RunPython(copy_tags, migrations.RunPython.noop, elidable=True),
    ]
