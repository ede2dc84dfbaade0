"""The one place that keeps bylines' and taggings' copies of their article's status and time.

A person's or a tag's list is read newest first off an index on the link
table (``Byline``, ``Tagging``), so those rows carry the article's ``status``
and ``published_at``. They are written here and nowhere else:

- a link being saved (a byline in the admin or in code, a fixture's row) takes
  them from its article;
- links added with ``article.tags.set()`` / ``add()`` (importer, admin form,
  ``tag.articles.add()``) are updated right after, in one statement;
- an article saved with either changed passes them on to its links;
- code that changes articles with ``QuerySet.update()`` (the admin's publish
  and unpublish actions) calls ``copy_to_links()``, as it sends no signal.
"""

from collections.abc import Iterable

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.signals import m2m_changed, post_save, pre_save

from articles.models import Article, Byline, Tagging

COPIED = ("status", "published_at")
LINK_MODELS = (Byline, Tagging)


def copy_to_links(article_ids: Iterable[int]) -> None:
    """Copy the stored status and time of these articles onto all their links."""
    ids = list(article_ids)
    if ids:
        for model in LINK_MODELS:
            _from_articles(model.objects.filter(article_id__in=ids))


def _from_articles(links: QuerySet) -> None:
    """Set each link's copies from its article's row, in one UPDATE."""
    row = Article.objects.filter(pk=OuterRef("article_id"))
    links.update(**{name: Subquery(row.values(name)[:1]) for name in COPIED})


def _link_saving(sender, instance: Byline | Tagging, **kwargs) -> None:
    article = instance.article  # Held by whoever made the link; read once otherwise.
    for name in COPIED:
        setattr(instance, name, getattr(article, name))


def _article_saved(
    sender, instance: Article, created: bool, update_fields: frozenset | None, **kwargs
) -> None:
    if created:
        return  # A new article has no links yet.
    if update_fields is not None and not update_fields.intersection(COPIED):
        return
    values = {name: getattr(instance, name) for name in COPIED}
    # Only rows whose copies differ are written (IS DISTINCT FROM, null included).
    same = Q(status=instance.status) & (
        Q(published_at__isnull=True)
        if instance.published_at is None
        else Q(published_at=instance.published_at)
    )
    for model in LINK_MODELS:
        model.objects.filter(article=instance).exclude(same).update(**values)


def _tags_added(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action != "post_add" or not pk_set:
        return
    if reverse:  # tag.articles.add(...): several articles, each with its own values.
        _from_articles(Tagging.objects.filter(tag=instance, article_id__in=pk_set))
    else:
        Tagging.objects.filter(article=instance, tag_id__in=pk_set).update(
            status=instance.status, published_at=instance.published_at
        )


def connect_signals() -> None:
    for model in LINK_MODELS:
        pre_save.connect(_link_saving, sender=model, dispatch_uid=f"np-copies-{model.__name__}")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="np-copies-article")
    m2m_changed.connect(_tags_added, sender=Tagging, dispatch_uid="np-copies-tags")
