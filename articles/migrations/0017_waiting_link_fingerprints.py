"""Import fingerprints count a Related News link resolved to the article its headline
names as the link waiting for it (articles.versioning.content_fingerprint).

Articles unedited since their import (their fingerprint, taken the old way, still
matches) get the new fingerprint, so their next import is an update, not a conflict.
An article an editor changed keeps its old fingerprint, and so its conflict.
"""

from django.db import migrations


def refingerprint(apps, schema_editor):
    from articles.versioning import content_fingerprint

    Article = apps.get_model("articles", "Article")
    RelatedLink = apps.get_model("articles", "RelatedLink")
    linking = (
        RelatedLink.objects.filter(target__isnull=False)
        .exclude(source__imported_fingerprint="")
        .values_list("source_id", flat=True)
        .distinct()
    )
    ids = sorted(set(linking))
    for start in range(0, len(ids), 500):
        for article in Article.objects.filter(pk__in=ids[start : start + 500]).select_related(
            "lead_image"
        ):
            tag_ids = list(article.taggings.values_list("tag_id", flat=True))
            author_ids = list(
                article.bylines.order_by("position", "pk").values_list("author_id", flat=True)
            )
            rows = list(
                article.related_links.order_by("position", "pk").values_list(
                    "target_id", "headline", "headline_key", "target__headline_key"
                )
            )
            old = content_fingerprint(
                article,
                tag_ids=tag_ids,
                author_ids=author_ids,
                links=[(target, headline) for target, headline, _, _ in rows],
            )
            if old != article.imported_fingerprint:
                continue  # An editor's change: it stays one.
            new = content_fingerprint(
                article,
                tag_ids=tag_ids,
                author_ids=author_ids,
                links=[
                    (None if target_key == key else target, headline)
                    for target, headline, key, target_key in rows
                ],
            )
            Article.objects.filter(pk=article.pk).update(imported_fingerprint=new)


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_scale_indexes")]

    operations = [migrations.RunPython(refingerprint, migrations.RunPython.noop, elidable=True)]
