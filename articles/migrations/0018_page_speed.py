"""Articles carry a copy of their printed byline (``Article.byline_copy``).

Pages read the byline with the article's own row (articles.shown_bylines)
instead of a query through bylines and people; the data step writes the copy
of every existing article from its bylines, a batch of articles at a time.
"""

from django.db import migrations, models

BATCH = 1000


def copy_bylines(apps, schema_editor) -> None:
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    ids = list(Byline.objects.order_by().values_list("article_id", flat=True).distinct())
    for start in range(0, len(ids), BATCH):
        batch = sorted(ids[start : start + BATCH])
        copies: dict[int, list[dict[str, str]]] = {pk: [] for pk in batch}
        rows = (
            Byline.objects.filter(article_id__in=batch)
            .order_by("article_id", "position", "pk")
            .values_list("article_id", "author__name", "author__slug")
        )
        for article_id, name, slug in rows:
            copies[article_id].append({"name": name, "slug": slug})
        Article.objects.bulk_update(
            [Article(pk=pk, byline_copy=copy) for pk, copy in copies.items()], ["byline_copy"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_waiting_link_fingerprints"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="byline_copy",
            field=models.JSONField(default=list, editable=False, serialize=False),
        ),
        migrations.RunPython(copy_bylines, migrations.RunPython.noop, elidable=True),
    ]
