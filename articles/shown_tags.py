"""The tags as the article page shows them, kept on the article's own row.

The article page prints its tags (grouped by kind, each linking to its page),
names them in its structured data and weighs them for similar stories. Read
through ``Tagging`` and ``Tag`` that is a prefetch query on every article page,
and its ORM work cost more than the page's own query. The article keeps a copy
instead (``Article.tags_copy``: each tag's id, kind, name and slug, in the page's
order), so the page is one query.

The copy is written here and nowhere else, from the ``Tagging`` rows:

- a tagging saved or deleted (code, a fixture's row, a tag deleted with its
  taggings) rewrites its article's copy;
- tags added to or removed from an article with ``article.tags`` (the admin's
  form, the importer's updates, restoring a revision), or articles with
  ``tag.articles``, rewrite the copies concerned;
- a tag saved with a new name, slug or kind rewrites the copies of every
  article it is on;
- code that writes taggings in bulk, which sends no signal (the importer's new
  articles), sets the copy itself from the tags it wrote (``copy_of()``).

Feeds, ninjs, search and the admin read the ``Tagging`` rows themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from articles.addresses import page_path
from articles.models import Article, Tag, Tagging

# Articles rewritten per statement batch when a tag's name, slug or kind changes.
BATCH = 500


@dataclass(frozen=True)
class ShownTag:
    """One tag as the page shows it: its kind (the group), its name and its address."""

    pk: int
    kind: str
    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return page_path("articles:tag", kind=Tag.PATH_WORDS[self.kind], slug=self.slug)


def _order(entry: dict[str, Any]) -> tuple[str, str, str, int]:
    # The page groups by kind, then lists by name, whatever case it starts with, the
    # same on every database (a collation would order "apple" and "Banana" its own way).
    return entry["kind"], entry["name"].casefold(), entry["name"], entry["id"]


def copy_of(tags: Iterable[Any]) -> list[dict[str, Any]]:
    """What ``Article.tags_copy`` keeps of these tags, in the page's order."""
    entries = {
        tag.pk: {"id": tag.pk, "kind": tag.kind, "name": tag.name, "slug": tag.slug} for tag in tags
    }
    return sorted(entries.values(), key=_order)


def shown_of(copy: Iterable[dict[str, Any]]) -> list[ShownTag]:
    """The copy read back as the page's tags."""
    return [ShownTag(e["id"], e["kind"], e["name"], e["slug"]) for e in copy]


def copy_tags(article_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Rewrite these articles' copies from their ``Tagging`` rows: a read and a write a batch.

    Returns the copies written, by article id, for the instances in hand (``_hold``).
    """
    ids = sorted(set(article_ids))
    written: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        by_article: dict[int, list[dict[str, Any]]] = {pk: [] for pk in batch}
        rows = Tagging.objects.filter(article_id__in=batch).values_list(
            "article_id", "tag_id", "tag__kind", "tag__name", "tag__slug"
        )
        for article_id, pk, kind, name, slug in rows:
            by_article[article_id].append({"id": pk, "kind": kind, "name": name, "slug": slug})
        copies = {pk: sorted(entries, key=_order) for pk, entries in by_article.items()}
        Article.objects.bulk_update(
            [Article(pk=pk, tags_copy=copy) for pk, copy in copies.items()], ["tags_copy"]
        )
        written.update(copies)
    return written


def _hold(article: Article, written: dict[int, list[dict[str, Any]]]) -> None:
    """Give the instance in hand the copy just written: saving it later must not undo it."""
    if article.pk in written:
        article.tags_copy = written[article.pk]
        article.__dict__.pop("shown_tags", None)


def _tagging_changed(sender, instance: Tagging, **kwargs) -> None:
    written = copy_tags([instance.article_id])
    if Tagging.article.is_cached(instance):
        _hold(instance.article, written)


def _tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """``article.tags.set()`` / ``tag.articles.add()``: bulk writes, with a signal."""
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            _hold(instance, copy_tags([instance.pk]))
    elif action == "pre_clear":  # The articles a tag is cleared from are known before only.
        instance._tags_copy_articles = list(
            Tagging.objects.filter(tag=instance).values_list("article_id", flat=True)
        )
    elif action == "post_clear":
        copy_tags(getattr(instance, "_tags_copy_articles", ()))
    elif action in {"post_add", "post_remove"}:
        copy_tags(pk_set or ())


def _tag_saving(sender, instance: Tag, raw: bool, **kwargs) -> None:
    """Note whether what the page shows of the tag is about to change."""
    if instance._state.adding or instance.pk is None:
        instance._shown_text_changed = False
        return
    stored = Tag.objects.filter(pk=instance.pk).values_list("kind", "name", "slug").first()
    instance._shown_text_changed = stored != (instance.kind, instance.name, instance.slug)


def _tag_saved(sender, instance: Tag, created: bool, **kwargs) -> None:
    if getattr(instance, "_shown_text_changed", False):
        copy_tags(Tagging.objects.filter(tag=instance).values_list("article_id", flat=True))


def connect_signals() -> None:
    post_save.connect(_tagging_changed, sender=Tagging, dispatch_uid="np-tags-copy-saved")
    post_delete.connect(_tagging_changed, sender=Tagging, dispatch_uid="np-tags-copy-deleted")
    m2m_changed.connect(_tags_changed, sender=Tagging, dispatch_uid="np-tags-copy-m2m")
    pre_save.connect(_tag_saving, sender=Tag, dispatch_uid="np-tags-copy-tag-saving")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid="np-tags-copy-tag-saved")
