"""The one place that keeps the copies lists are read by: links' status and time, and photographers.

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

A photographer's "Photographs" are read off an index on the article itself, so
an article carries a copy of its lead picture's photographer
(``Article.lead_photographer``), written here too:

- an article being saved (in code, the admin's form, the importer, a
  fixture's row) takes it from its lead picture;
- a picture saved with its photographer changed passes it on to every article
  it leads (a fixture's picture loaded after its articles too);
- a picture being deleted takes it off the articles it leads, as the database
  then empties their ``lead_image`` with an UPDATE that sends no signal.
"""

from collections.abc import Iterable

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from articles.models import Article, Byline, Image, Tagging

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


LEAD_IMAGE = frozenset({"lead_image", "lead_image_id"})


def _article_saving(
    sender, instance: Article, raw: bool, update_fields: frozenset | None, **kwargs
) -> None:
    if update_fields is None or update_fields & LEAD_IMAGE:
        instance.lead_photographer_id = _photographer_of(instance, raw)


def _article_saved_with_fields(
    sender, instance: Article, update_fields: frozenset | None, **kwargs
) -> None:
    # save(update_fields=["lead_image"]) writes only the fields named: the copy follows.
    if update_fields and update_fields & LEAD_IMAGE and "lead_photographer" not in update_fields:
        _lead_photographer(Article.objects.filter(pk=instance.pk), instance.lead_photographer_id)


def _photographer_of(article: Article, raw: bool) -> int | None:
    """The photographer of the article's lead picture, without a query when it is at hand.

    The picture held on the article is the one just chosen or saved (admin
    form, importer); a fixture's row holds only the picture's id.
    """
    if article.lead_image_id is None:
        return None
    held = article._state.fields_cache.get("lead_image")
    if not raw and held is not None and held.pk == article.lead_image_id:
        return held.photographer_id
    return (
        Image.objects.filter(pk=article.lead_image_id)
        .values_list("photographer_id", flat=True)
        .first()
    )


def _image_saved(
    sender, instance: Image, created: bool, raw: bool, update_fields: frozenset | None, **kwargs
) -> None:
    if created and not raw:
        return  # A new picture leads no article yet; a fixture's may.
    if update_fields is not None and not update_fields.intersection(
        {"photographer", "photographer_id"}
    ):
        return
    _lead_photographer(Article.objects.filter(lead_image=instance), instance.photographer_id)


def _image_deleting(sender, instance: Image, **kwargs) -> None:
    _lead_photographer(Article.objects.filter(lead_image=instance), None)


def _lead_photographer(articles: QuerySet, photographer_id: int | None) -> None:
    """Set the articles' copy of their photographer; only rows that differ are written."""
    same = (
        Q(lead_photographer__isnull=True)
        if photographer_id is None
        else Q(lead_photographer_id=photographer_id)
    )
    articles.exclude(same).update(lead_photographer_id=photographer_id)


def connect_signals() -> None:
    pre_save.connect(_article_saving, sender=Article, dispatch_uid="np-copies-photographer")
    post_save.connect(
        _article_saved_with_fields, sender=Article, dispatch_uid="np-copies-photographer-fields"
    )
    post_save.connect(_image_saved, sender=Image, dispatch_uid="np-copies-image")
    pre_delete.connect(_image_deleting, sender=Image, dispatch_uid="np-copies-image-deleted")
    for model in LINK_MODELS:
        pre_save.connect(_link_saving, sender=model, dispatch_uid=f"np-copies-{model.__name__}")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="np-copies-article")
    m2m_changed.connect(_tags_added, sender=Tagging, dispatch_uid="np-copies-tags")
