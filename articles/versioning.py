"""Revisions of articles: what every save kept, and putting an earlier one back.

django-reversion stores one revision per save (the admin's form, an import, a
restore): a JSON snapshot of the article with its bylines, taggings and Related
News, with who saved it and when. This module registers those models, reads an
article's revisions, restores one through ``Article.save()`` (so slugs, listing
copies, caches and the search index follow as after any save), and makes the
fingerprint the importer compares to know whether an editor changed an article
since its last import.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import reversion
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone
from reversion.models import Version

from articles.listing_copies import copy_to_links
from articles.models import Article, Author, Byline, Image, RelatedLink, Section, Tag, Tagging
from articles.shown_bylines import copy_bylines

# The article's own columns a restore puts back. Status, time, slug and lead story
# are the desk's decisions of today (and the address readers have), not content.
RESTORED_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "copyright_year",
    "section_id",
    "lead_image_id",
)
# Shown as "also changed" in History when they differ between two revisions.
COMPARED_FIELDS = {
    "slug": "slug",
    "status": "status",
    "published_at": "publication time",
    "featured": "lead story",
    "section_id": "section",
    "lead_image_id": "lead picture",
    "copyright_year": "copyright year",
}


def register() -> None:
    """Put the article and the rows it owns under version control (once)."""
    if reversion.is_registered(Article):
        return
    for model in (Byline, Tagging, RelatedLink):
        reversion.register(model)
    reversion.register(Article, follow=("bylines", "taggings", "related_links"))


register()


def versions_of(article: Article) -> QuerySet:
    """The article's stored versions, newest first, with who saved each (one query)."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def add_article(article: Article) -> None:
    """Add the article and its rows to the open revision, in a fixed number of queries.

    Each row's version names it (``str()``), which reads its tag, person or
    target: they are fetched with the rows, not once a row.
    """
    prefetch_related_objects(
        [article],
        Prefetch("bylines", Byline.objects.select_related("author")),
        Prefetch("taggings", Tagging.objects.select_related("tag")),
        Prefetch("related_links", RelatedLink.objects.select_related("target")),
    )
    try:
        reversion.add_to_revision(article)
    finally:
        for name in ("bylines", "taggings", "related_links"):
            article._prefetched_objects_cache.pop(name, None)


def keep_revision(
    article: Article, comment: str, user: AbstractBaseUser | AnonymousUser | None = None
) -> None:
    """Store the article as it is now, as a revision of its own."""
    with reversion.create_revision(manage_manually=True):
        add_article(article)
        reversion.set_comment(comment)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)


def keep_baseline(article: Article) -> None:
    """Before the first save of an article that has no revision yet, keep it as it is.

    Articles made before revisions were kept (or by code outside the admin and
    the importer) would otherwise lose the text the first save replaces.
    """
    if not versions_of(article).exists():
        keep_revision(article, "As it was before its first revision.")


@dataclass(frozen=True)
class Restored:
    """What a restore could not put back, because it is gone (deleted people, tags…)."""

    missing: tuple[str, ...] = ()


def restore(article: Article, version: Version) -> Restored:
    """Put the article's content back as this version had it, as a new save.

    Headline, standfirst, body, copyright year, section and lead picture come
    back, with the bylines, tags and Related News of that revision. Whatever
    has since been deleted (a section, a person, a tag) is left out and named.
    Call inside ``reversion.create_revision()`` for the restore to be a
    revision of its own.
    """
    old = version.field_dict
    rows = _rows_of(version)
    missing: list[str] = []
    for attname in RESTORED_FIELDS:
        setattr(article, attname, old.get(attname))
    if article.section_id and not Section.objects.filter(pk=article.section_id).exists():
        article.section_id = None
        missing.append("section")
    if article.lead_image_id and not Image.objects.filter(pk=article.lead_image_id).exists():
        article.lead_image_id = None
        missing.append("lead picture")
    article.save()

    bylines = sorted(rows.get(Byline, []), key=lambda row: (row["position"], row["id"]))
    wanted = [row["author_id"] for row in bylines]
    people = set(Author.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=row["author_id"], position=row["position"])
        for row in bylines
        if row["author_id"] in people
    )
    if len(people) < len({row["author_id"] for row in bylines}):
        missing.append("a byline's person")

    tag_ids = [row["tag_id"] for row in rows.get(Tagging, [])]
    tags = list(Tag.objects.filter(pk__in=tag_ids))
    article.tags.set(tags)
    if len(tags) < len(set(tag_ids)):
        missing.append("a tag")

    links = sorted(rows.get(RelatedLink, []), key=lambda row: (row["position"], row["id"]))
    targets = set(
        Article.objects.filter(pk__in=[r["target_id"] for r in links if r["target_id"]])
        .exclude(pk=article.pk)
        .values_list("pk", flat=True)
    )
    RelatedLink.objects.filter(source=article).delete()
    RelatedLink.objects.bulk_create(
        RelatedLink(
            source=article,
            target_id=row["target_id"] if row["target_id"] in targets else None,
            headline=row["headline"],
            headline_key=row["headline_key"],
            position=row["position"],
        )
        for row in links
        if row["target_id"] in targets or row["headline"]
    )
    copy_to_links([article.pk])
    copy_bylines([article.pk])
    if reversion.is_active():
        # The rows made above sent no signal: the revision follows them from here.
        add_article(article)
    return Restored(tuple(missing))


def _rows_of(version: Version) -> dict[type, list[dict[str, Any]]]:
    """The bylines, taggings and links stored in the same revision as this version."""
    rows: dict[type, list[dict[str, Any]]] = {}
    for other in version.revision.version_set.all():
        model = other._model
        if model in (Byline, Tagging, RelatedLink):
            rows.setdefault(model, []).append({"id": int(other.object_id), **other.field_dict})
    return rows


def content_fingerprint(
    article: Article,
    *,
    tag_ids: Iterable[int] | None = None,
    author_ids: Iterable[int] | None = None,
    links: Iterable[tuple[int | None, str]] | None = None,
) -> str:
    """A fingerprint of everything an import writes, as the article has it now.

    Headline, standfirst, body, copyright year, section, lead picture (with its
    caption and credit), tags, bylines and Related News: an import replaces all
    of them, so a change to any of them since the import is an editor's work.
    The importer, which has just written the rows, passes them (tag ids, byline
    people in order, links' targets and headlines in order) rather than read them back.

    A link that points at the article its headline names counts as the link waiting
    for it: the site resolving it when that article arrives is no editor's change
    (only a target an editor chose over the headline is), so no fingerprint has to be
    taken again for it, and the next import of the linking export is no conflict.
    """
    image = article.lead_image
    if tag_ids is None:
        tag_ids = article.taggings.values_list("tag_id", flat=True)
    if author_ids is None:
        author_ids = article.bylines.order_by("position", "pk").values_list("author_id", flat=True)
    if links is None:
        links = [
            (None if target_key == key else target_id, headline)
            for target_id, headline, key, target_key in article.related_links.order_by(
                "position", "pk"
            ).values_list("target_id", "headline", "headline_key", "target__headline_key")
        ]
    payload = {
        "article": [getattr(article, name) for name in RESTORED_FIELDS],
        "image": (
            [image.caption, image.agency, image.photographer_id, image.alt_text] if image else None
        ),
        "tags": sorted(tag_ids),
        "bylines": [[pk] for pk in author_ids],
        "related": [list(link) for link in links],
    }
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def restore_comment(version: Version) -> str:
    """How a restore is named in History: the revision it brought back."""
    when = timezone.localtime(version.revision.date_created).strftime("%-d %B %Y, %H:%M")
    who = version.revision.user
    by = f" by {who.get_username()}" if who else ""
    return f"Restored the version of {when}{by}."


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The names of the compared fields (beyond the texts) that differ."""
    return [label for name, label in COMPARED_FIELDS.items() if old.get(name) != new.get(name)]


def pairs(versions: Iterable[Version]) -> list[tuple[Version, Version | None]]:
    """Each version (newest first) with the one before it, ``None`` for the first."""
    listed = list(versions)
    return [(v, listed[i + 1] if i + 1 < len(listed) else None) for i, v in enumerate(listed)]
