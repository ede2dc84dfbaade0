"""A batch's new plain-text articles, written together: one INSERT per table, not one a file.

The importer's own path (``importer.persist``) reconciles one file at a time: it
looks the article up, saves it through ``Article.save()`` and its signals, and
keeps its revision, in about eighteen queries. Most files of a run are new
articles, and for them that reconciliation has nothing to decide, so a batch of
them is written here in a fixed number of queries, with the rows the file path
would have written: the same slugs, pictures, tags, listing copies, Related
News targets, history entries, revisions and fingerprints
(``tests/test_bulk_import.py`` compares the two paths row by row).

What the signals of a single save do is done here once for the batch: the
photographer's copy on the article, the search index, the cache generation and
the Related News waiting for a new headline.

Only what the plain-text export says is taken: a file that meets a stored
article (or one earlier in the batch), a stored picture, or a ninjs document
(its own identity, bylines and times) is left to the file path, as is the whole
batch if writing it fails, so a bad file still fails alone.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router
from django.db.models import Model, Q
from django.utils import timezone
from reversion.models import Revision, Version

from articles import workflow
from articles.caching import bump_generation
from articles.formats.parsed import ParsedArticle
from articles.importer import (
    ArticleGraph,
    ImportOptions,
    ImportResult,
    Lookups,
    Outcome,
    build,
    persist_person,
    persist_publisher,
    persist_section,
)
from articles.listing_copies import COPIED
from articles.models import Article, Author, Image, Publisher, RelatedLink, Tag, Tagging
from articles.models.workflow import StateChange
from articles.search import indexing
from articles.shown_tags import copy_of as tags_copy_of
from articles.slugs import first_free, taken_stem
from articles.tagging import TagVocabulary, learn, persist_tags
from articles.text.headlines import headline_key
from articles.versioning import content_fingerprint

# Fewer new articles than this in a batch go the file path: nothing to save.
SMALLEST = 2


@dataclass
class NewFile:
    """A parsed file of the batch, by its place in the batch."""

    at: int
    parsed: ParsedArticle
    source_name: str
    digest: str


def create_new(
    files: list[NewFile],
    options: ImportOptions,
    vocabulary: TagVocabulary,
    lookups: Lookups,
) -> dict[int, ImportResult]:
    """Write the new articles among ``files``; their results by place. Call in a savepoint.

    The files not in the answer are the file path's to reconcile, after these
    (a later file of an article written here finds it stored, as it would have).
    """
    # Each file knows the tags the batch's earlier files make, as it would after their
    # commit; they are unsaved until written, so they are learnt by a copy.
    scratch = vocabulary.copy()
    graphs: dict[int, ArticleGraph] = {}
    for file in files:
        graphs[file.at] = graph = build(file.parsed, options, scratch)
        for tag in graph.tags:
            if tag.pk is None:
                learn(scratch, tag)
    chosen = _new_ones(graphs, _stored_publishers(graphs.values(), lookups))
    if len(chosen) < SMALLEST:
        return {}
    publishers = {at: persist_publisher(graphs[at].publisher, lookups) for at in chosen}
    files_at = {file.at: file for file in files}
    new = {at: graphs[at] for at in chosen}
    _photographers(new.values(), lookups)
    tags, created = _tags(new)
    images = _images(new)
    articles: dict[int, Article] = {}
    slugs = _free_slugs([graphs[at].article.slug for at in chosen])
    for at, slug in zip(chosen, slugs, strict=True):
        graph = graphs[at]
        article = graph.article
        image = images.get(at)
        article.publisher = publishers[at]
        article.lead_image = image
        # The copy the picture's photographer leaves on the article (articles.listing_copies).
        article.lead_photographer_id = image.photographer_id if image else None
        article.section = persist_section(graph.section, lookups) if graph.section else None
        article.slug = slug
        article.source_file_checksum = files_at[at].digest
        for name in ("headline", "standfirst", "body"):
            Article._meta.get_field(name).pre_save(article, True)
        article.headline_key = headline_key(article.headline)  # As Article.save() keys it.
        article.tags_copy = tags_copy_of(tags[at])
        article.imported_fingerprint = content_fingerprint(
            article,
            tag_ids={tag.pk for tag in tags[at]},
            author_ids=[],
            links=[(None, link.headline) for link in graph.related],
        )
        articles[at] = article
    Article.objects.bulk_create(articles.values())
    # What each save's signals would have done: index, new generation, waiting links.
    indexing.schedule(article.pk for article in articles.values())
    bump_generation()
    _take_waiting_links(list(articles.values()))
    links = _links(chosen, graphs, articles)
    taggings = _taggings(articles, tags)
    StateChange.objects.bulk_create(
        StateChange(
            article=article,
            from_state="",
            to_state=workflow.state_of(article),
            via=StateChange.Via.IMPORT,
        )
        for article in articles.values()
    )
    comments = {at: f"Created by importing {files_at[at].source_name}." for at in chosen}
    _revisions([(articles[at], taggings[at], links[at], comments[at]) for at in chosen])
    first_with: dict[int, int] = {}
    for at in chosen:
        for tag in tags[at]:
            first_with.setdefault(tag.pk, at)
    return {
        at: ImportResult(
            Outcome.CREATED,
            articles[at],
            tuple(tag for tag in created if first_with.get(tag.pk) == at),
        )
        for at in chosen
    }


def _stored_publishers(graphs: Iterable[ArticleGraph], lookups: Lookups) -> dict[str, Publisher]:
    """The stored publishers the graphs name, by name; those not stored yet are made later."""
    names = {graph.publisher.name for graph in graphs}
    unknown = names - lookups.publishers.keys()
    if unknown:
        for publisher in Publisher.objects.filter(name__in=unknown).order_by("pk"):
            lookups.publishers.setdefault(publisher.name, publisher)
    return {name: lookups.publishers[name] for name in names if name in lookups.publishers}


def _new_ones(graphs: dict[int, ArticleGraph], publishers: dict[str, Publisher]) -> list[int]:
    """The places of the plain-text files whose article and picture are not stored, in order.

    Only the first of two files for one article (same identity, or same publisher
    and headline) is new; the second is the file path's, which finds the first one
    stored. A publisher not stored yet has no stored articles.
    """
    plain = [
        at
        for at, graph in graphs.items()
        if not graph.own_identity
        and graph.authors is None
        and graph.created_at is None
        and graph.updated_at is None
        and graph.article.slug
    ]
    if not plain:
        return []
    same = Q(uuid__in=[graphs[at].article.uuid for at in plain])
    by_publisher: dict[int, set[str]] = {}
    for at in plain:
        publisher = publishers.get(graphs[at].publisher.name)
        if publisher is not None:
            by_publisher.setdefault(publisher.pk, set()).add(graphs[at].article.source_key)
    for publisher_id, keys in by_publisher.items():
        same |= Q(publisher_id=publisher_id, source_key__in=keys)
    stored = Article.objects.filter(same).order_by()
    names = {publisher.pk: name for name, publisher in publishers.items()}
    taken_ids: set = set()
    taken_keys: set[tuple[str, str]] = set()
    for uuid, publisher_id, key in stored.values_list("uuid", "publisher_id", "source_key"):
        taken_ids.add(uuid)
        if publisher_id in names:
            taken_keys.add((names[publisher_id], key))
    image_ids = [graphs[at].image.uuid for at in plain if graphs[at].image is not None]
    taken_images = set(Image.objects.filter(uuid__in=image_ids).values_list("uuid", flat=True))
    chosen = []
    for at in plain:
        graph = graphs[at]
        key = (graph.publisher.name, graph.article.source_key)
        image = graph.image.uuid if graph.image is not None else None
        if graph.article.uuid in taken_ids or key in taken_keys or image in taken_images:
            continue
        taken_ids.add(graph.article.uuid)
        taken_keys.add(key)
        if image is not None:
            taken_images.add(image)
        chosen.append(at)
    return chosen


def _photographers(graphs: Iterable[ArticleGraph], lookups: Lookups) -> None:
    """Every photographer the batch credits matched by name (one query for those not known)."""
    names = {graph.photographer.name for graph in graphs if graph.photographer is not None}
    unknown = names - lookups.people.keys()
    if unknown:
        for person in Author.objects.filter(name__in=unknown).order_by("pk"):
            lookups.people.setdefault(person.name, person)
    for graph in graphs:
        if graph.photographer is not None:
            # Known now, or made here (once a name): a person the run has not met.
            graph.photographer = persist_person(graph.photographer, lookups)


def _tags(graphs: dict[int, ArticleGraph]) -> tuple[dict[int, list[Tag]], list[Tag]]:
    """Each article's stored tags (by its place), and the tags the batch created.

    Two files may name the same new tag, each with a tag object of its own: it
    is made once, and both articles get it.
    """
    known: dict[int, Tag] = {}
    new: dict[tuple[str, str], Tag] = {}
    for graph in graphs.values():
        for tag in graph.tags:
            if tag.pk is not None:
                known.setdefault(tag.pk, tag)
            else:
                new.setdefault((tag.kind, tag.name), tag)
    stored, created = persist_tags([*known.values(), *new.values()])
    by_pk = {tag.pk: tag for tag in stored}
    by_name = {(tag.kind, tag.name): tag for tag in stored}
    chosen: dict[int, list[Tag]] = {}
    for at, graph in graphs.items():
        rows: dict[int, Tag] = {}
        for tag in graph.tags:
            row = by_pk.get(tag.pk) if tag.pk is not None else by_name.get((tag.kind, tag.name))
            if row is not None:
                rows.setdefault(row.pk, row)
        chosen[at] = list(rows.values())
    return chosen, created


def _images(graphs: dict[int, ArticleGraph]) -> dict[int, Image]:
    """The lead pictures, new, in one INSERT; by their article's place."""
    images = {}
    for at, graph in graphs.items():
        if graph.image is not None:
            graph.image.photographer = graph.photographer
            images[at] = graph.image
    Image.objects.bulk_create(images.values())
    return images


def _free_slugs(bases: list[str]) -> list[str]:
    """Slugs free among stored articles and each other, as ``unique_slug`` makes them.

    One query for the whole batch, where ``unique_slug`` asks once a file.
    """
    max_length = Article._meta.get_field("slug").max_length
    near = Q()
    for stem in {taken_stem(base, max_length) for base in bases}:
        near |= Q(slug__startswith=stem)
    taken = set(Article.objects.filter(near).order_by().values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug = first_free(base, taken, max_length)
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _take_waiting_links(articles: list[Article]) -> None:
    """Stored Related News that named a new headline now point at its article (the first one)."""
    first: dict[str, Article] = {}
    for article in articles:
        first.setdefault(article.headline_key, article)
    waiting = RelatedLink.objects.filter(target__isnull=True, headline_key__in=first.keys())
    by_target: dict[int, list[int]] = {}
    for pk, key in waiting.order_by().values_list("pk", "headline_key"):
        by_target.setdefault(first[key].pk, []).append(pk)
    for target, pks in by_target.items():
        RelatedLink.objects.filter(pk__in=pks).update(target=target)


def _links(
    chosen: list[int], graphs: dict[int, ArticleGraph], articles: dict[int, Article]
) -> dict[int, list[RelatedLink]]:
    """Each article's Related News, in one INSERT, pointed as the file path points them.

    A file saved alone finds the stored articles and the batch's earlier ones
    (the first by id, its own publisher's before another's); a link none of them
    answers waits, and the first later article of that headline takes it.
    """
    keys = {link.headline_key for at in chosen for link in graphs[at].related}
    stored = list(
        Article.objects.filter(headline_key__in=keys)
        .exclude(pk__in=[article.pk for article in articles.values()])
        .order_by("pk")
        .only("pk", "headline", "headline_key", "publisher_id")
    )
    batch = [articles[at] for at in chosen]
    links: dict[int, list[RelatedLink]] = {}
    for place, at in enumerate(chosen):
        article = articles[at]
        before = stored + batch[:place]
        for link in graphs[at].related:
            link.source = article
            link.target = _target(link.headline_key, article, before) or next(
                (later for later in batch[place + 1 :] if later.headline_key == link.headline_key),
                None,
            )
        links[at] = graphs[at].related
    RelatedLink.objects.bulk_create(link for at in chosen for link in links[at])
    return links


def _target(key: str, article: Article, candidates: list[Article]) -> Article | None:
    target = None
    for candidate in candidates:
        if candidate.headline_key != key:
            continue
        if target is None or (
            candidate.publisher_id == article.publisher_id
            and target.publisher_id != article.publisher_id
        ):
            target = candidate
    return target


def _taggings(articles: dict[int, Article], tags: dict[int, list[Tag]]) -> dict[int, list[Tagging]]:
    """Each article's taggings, with its status and time (the listing copies), in one INSERT."""
    taggings = {}
    for at, article in articles.items():
        copies = {name: getattr(article, name) for name in COPIED}
        taggings[at] = [Tagging(article=article, tag=tag, **copies) for tag in tags[at]]
    Tagging.objects.bulk_create(row for rows in taggings.values() for row in rows)
    return taggings


def _revisions(entries: list[tuple[Article, list[Tagging], list[RelatedLink], str]]) -> None:
    """One revision per article, as ``reversion.create_revision()`` keeps it, in two INSERTs.

    Each holds the article and the rows it follows (``versioning.register``),
    serialised as django-reversion serialises them.
    """
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        Revision(date_created=now, user=None, comment=comment) for *_, comment in entries
    )
    held = [
        (revision, row)
        for revision, (article, taggings, links, _) in zip(revisions, entries, strict=True)
        for row in (article, *taggings, *links)
    ]
    Version.objects.bulk_create(
        Version(
            revision=revision,
            content_type=ContentType.objects.get_for_model(type(row)),
            object_id=str(row.pk),
            db=router.db_for_write(type(row), instance=row),
            format="json",
            serialized_data=data,
            object_repr=str(row),
        )
        for (revision, row), data in zip(held, serialised([row for _, row in held]), strict=True)
    )


def serialised(rows: list[Model]) -> list[str]:
    """Each row as ``serializers.serialize("json", [row])`` writes it, without setting up
    a serializer once a row (most of the import's cost of keeping revisions)."""
    return [
        f"[{json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)}]\n"
        for item in serializers.serialize("python", rows)
    ]
