"""Keeping the search index current, whatever changed an article's searchable text.

An article's document reads its own fields, its bylines' authors, its tags and
its lead picture's caption, so a change to any of them (in the admin, by the
importer, in code) schedules the articles concerned. They are reindexed once
each, when the transaction commits, from what the database then holds: a
rolled-back change indexes nothing wrong, and an import that saves an article,
its picture and its tags reindexes it once. ``reindex_search`` rebuilds it all.
"""

import threading
from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from articles import search
from articles.models import Article, Author, Byline, Image, Tag
from articles.search.documents import documents, for_indexing

# Articles read at once when reindexing many.
BATCH = 500

_state = threading.local()


def _pending() -> set[int]:
    if not hasattr(_state, "ids"):
        _state.ids = set()
    return _state.ids


def schedule(ids: Iterable[int]) -> None:
    """Reindex these articles when the current transaction commits (now, outside one)."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    _pending().update(ids)
    # Every change registers a flush; the first to run takes all pending ids, so each
    # article is indexed once per commit. Callbacks of a rolled-back transaction are
    # dropped by Django, and its ids wait for the next commit (reindexing is harmless).
    transaction.on_commit(flush)


def flush() -> None:
    """Reindex the articles scheduled so far."""
    ids = _pending()
    if ids:
        taken = sorted(ids)
        ids.clear()
        reindex(taken)


def reindex(ids: Iterable[int]) -> int:
    """Index these articles as they are now; ids of deleted articles leave the index."""
    ids = sorted(set(ids))
    indexed = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        docs = documents(for_indexing(Article.objects.filter(pk__in=batch)))
        search.remove(set(batch) - {doc.article_id for doc in docs})
        search.index(docs)
        indexed += len(docs)
    return indexed


def all_ids() -> Iterator[list[int]]:
    """Every article id, in batches, without holding them all at once."""
    last = 0
    while True:
        batch = list(
            Article.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]


def reindex_all() -> int:
    """Rebuild the whole index; returns the number of articles indexed."""
    if connection.vendor == "sqlite":
        from articles.search import sqlite

        sqlite.remove_orphans()
    return sum(reindex(batch) for batch in all_ids())


# Signals ---------------------------------------------------------------------


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def _article_changed(sender, instance: Article, **kwargs) -> None:
    schedule([instance.pk])


@receiver(post_save, sender=Byline)
@receiver(post_delete, sender=Byline)
def _byline_changed(sender, instance: Byline, **kwargs) -> None:
    schedule([instance.article_id])


@receiver(m2m_changed, sender=Article.tags.through)
def _tags_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            schedule([instance.pk])
    elif action in ("post_add", "post_remove"):
        schedule(pk_set or ())
    elif action == "pre_clear":
        schedule(instance.articles.values_list("pk", flat=True))


@receiver(post_save, sender=Author)
def _author_saved(sender, instance: Author, created: bool, **kwargs) -> None:
    if not created:  # A new author has no bylines yet.
        schedule(Byline.objects.filter(author=instance).values_list("article_id", flat=True))


@receiver(post_save, sender=Tag)
def _tag_saved(sender, instance: Tag, created: bool, **kwargs) -> None:
    if not created:
        schedule(instance.articles.values_list("pk", flat=True))


@receiver(pre_delete, sender=Tag)
def _tag_deleted(sender, instance: Tag, **kwargs) -> None:
    # The tag's links to articles go without signals of their own.
    schedule(instance.articles.values_list("pk", flat=True))


@receiver(post_save, sender=Image)
def _picture_saved(sender, instance: Image, created: bool, **kwargs) -> None:
    if not created:
        schedule(instance.lead_of.values_list("pk", flat=True))


@receiver(pre_delete, sender=Image)
def _picture_deleted(sender, instance: Image, **kwargs) -> None:
    # Its articles lose their lead picture, and its caption, by an UPDATE without signals.
    schedule(instance.lead_of.values_list("pk", flat=True))
