"""The byline as pages print it, kept on the article's own row.

Every card on every list and the article page print "By A, B and C", each
name linking to its person's page. Read through ``Byline`` and ``Author``
that is a join (or a prefetch query, with its ORM work) for every list; the
article keeps a copy instead (``Article.byline_copy``: each credited person's
name and slug, in byline order), so a page reads its bylines with the
articles themselves, at no query of their own.

The copy is written here and nowhere else, from the ``Byline`` rows:

- a byline saved or deleted (the admin's inline, code, a fixture's row, a
  person deleted with their bylines) rewrites its article's copy;
- people added to or removed from an article with ``article.authors``
  (or an article with ``author.articles``) rewrite the copies concerned;
- a person saved with a new name or slug rewrites the copies of every article
  they are on;
- code that writes bylines in bulk, which sends no signal (the importer,
  restoring a revision), calls ``copy_bylines()`` or sets the copy itself
  from the people it wrote (``copy_of()``).

Feeds, ninjs and the admin read the ``Byline`` rows themselves
(``Article.byline_authors``): they need more of each person than a page prints.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from articles.addresses import page_path
from articles.models import Article, Author, Byline

# Articles rewritten per statement batch when a person's name or slug changes.
BATCH = 500


@dataclass(frozen=True)
class Credit:
    """One person in a printed byline: what the link shows and where it goes."""

    name: str
    slug: str

    def get_absolute_url(self) -> str:
        return page_path("articles:author", slug=self.slug)


def copy_of(authors: Iterable[Any]) -> list[dict[str, str]]:
    """What ``Article.byline_copy`` keeps of these people, in the order given."""
    return [{"name": author.name, "slug": author.slug} for author in authors]


def credits_of(copy: Iterable[dict[str, str]]) -> list[Credit]:
    """The copy read back as the byline's people."""
    return [Credit(entry["name"], entry["slug"]) for entry in copy]


def copy_bylines(article_ids: Iterable[int]) -> None:
    """Rewrite these articles' copies from their ``Byline`` rows: a read and a write a batch."""
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        by_article: dict[int, list[dict[str, str]]] = {pk: [] for pk in batch}
        rows = (
            Byline.objects.filter(article_id__in=batch)
            .order_by("article_id", "position", "pk")
            .values_list("article_id", "author__name", "author__slug")
        )
        for article_id, name, slug in rows:
            by_article[article_id].append({"name": name, "slug": slug})
        Article.objects.bulk_update(
            [Article(pk=pk, byline_copy=copy) for pk, copy in by_article.items()],
            ["byline_copy"],
        )


def _byline_changed(sender, instance: Byline, **kwargs) -> None:
    copy_bylines([instance.article_id])


def _authors_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """``article.authors.add()`` / ``author.articles.set()``: bulk writes, with a signal."""
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            copy_bylines([instance.pk])
    elif action == "pre_clear":  # The articles a person is cleared from are known before only.
        instance._byline_copy_articles = list(
            Byline.objects.filter(author=instance).values_list("article_id", flat=True)
        )
    elif action == "post_clear":
        copy_bylines(getattr(instance, "_byline_copy_articles", ()))
    elif action in {"post_add", "post_remove"}:
        copy_bylines(pk_set or ())


def _author_saving(sender, instance: Author, raw: bool, **kwargs) -> None:
    """Note whether the name or slug a byline prints is about to change."""
    if instance._state.adding or instance.pk is None:
        instance._byline_text_changed = False
        return
    stored = Author.objects.filter(pk=instance.pk).values_list("name", "slug").first()
    instance._byline_text_changed = stored != (instance.name, instance.slug)


def _author_saved(sender, instance: Author, created: bool, **kwargs) -> None:
    if getattr(instance, "_byline_text_changed", False):
        copy_bylines(Byline.objects.filter(author=instance).values_list("article_id", flat=True))


def connect_signals() -> None:
    post_save.connect(_byline_changed, sender=Byline, dispatch_uid="np-byline-copy-saved")
    post_delete.connect(_byline_changed, sender=Byline, dispatch_uid="np-byline-copy-deleted")
    m2m_changed.connect(
        _authors_changed, sender=Article.authors.through, dispatch_uid="np-byline-copy-m2m"
    )
    pre_save.connect(_author_saving, sender=Author, dispatch_uid="np-byline-copy-author-saving")
    post_save.connect(_author_saved, sender=Author, dispatch_uid="np-byline-copy-author-saved")
