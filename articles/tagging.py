"""Which tags an imported article gets, and how they are found or made.

Two sources: the people, places and organisations the rules find in the text
(``articles/text/entities.py``), and the tags editors keep, each found by its
name or any alias wherever the article names it (headline, paragraphs,
caption). A name the rules find is first matched to an existing tag of its kind
through names and aliases ("Zelenskyy" is the editors' "Volodymyr Zelensky"),
and only otherwise becomes a new tag.

Every tag is part of the vocabulary, the importer's own included: editors
curate by renaming, adding aliases or deleting. The vocabulary is read once per
import run and learns the tags each committed article adds, so the tags of one
file do not depend on whether it came alone or with others.
"""

from collections.abc import Iterable

from django.db import models

from articles.formats.parsed import ParsedArticle
from articles.models import Tag
from articles.slugs import first_free, normalise_name, slug_for_model, taken_stem
from articles.text.vocabulary import Vocabulary

TAG_NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length
TAG_SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length
# Topics are common nouns ("climate change"), found in any case; names as written.
CASELESS_KINDS = (Tag.Kind.TOPIC,)

TagVocabulary = Vocabulary[Tag]


def empty_vocabulary() -> TagVocabulary:
    return Vocabulary(folded=CASELESS_KINDS)


def load_vocabulary() -> TagVocabulary:
    """Every stored tag, by name and alias, in one query (oldest first wins a shared name)."""
    vocabulary = empty_vocabulary()
    for tag in Tag.objects.order_by("pk").only("pk", "name", "slug", "kind", "aliases"):
        learn(vocabulary, tag)
    return vocabulary


def learn(vocabulary: TagVocabulary, tag: Tag) -> None:
    vocabulary.add(tag, tag.kind, tag.name, tag.alias_names)


def article_texts(parsed: ParsedArticle) -> list[str]:
    """Where a tag's name counts: headline, paragraphs (the standfirst first) and caption."""
    caption = [parsed.lead_image.caption] if parsed.lead_image else []
    return [parsed.headline, *parsed.paragraphs, *caption]


def tags_for(parsed: ParsedArticle, vocabulary: TagVocabulary) -> list[Tag]:
    """The article's tags: known ones as they are, new ones unsaved (with a base slug).

    Queries nothing: the vocabulary holds what the database knew.
    """
    tags: dict[int, Tag] = {}
    entities = parsed.entities
    for kind, names in (
        (Tag.Kind.PERSON, entities.people),
        (Tag.Kind.PLACE, entities.places),
        (Tag.Kind.ORGANISATION, entities.organisations),
    ):
        for name in names:
            name = normalise_name(name)
            # A "name" longer than the column is a misreading of the text, not a name.
            if not name or len(name) > TAG_NAME_MAX_LENGTH:
                continue
            tag = vocabulary.named(kind, name) or _new_tag(kind, name, tags.values())
            tags.setdefault(id(tag), tag)
    for tag in vocabulary.mentioned_in(article_texts(parsed)):
        tags.setdefault(id(tag), tag)
    return list(tags.values())


def tags_named(
    named: Iterable[tuple[str, str, str | None]], vocabulary: TagVocabulary
) -> list[Tag]:
    """Exactly the tags a source assigns (ninjs), each matched by kind and name or alias.

    Nothing is looked for in the text: a document that lists its tags means
    those. Unknown kinds and names that cannot be stored are skipped. ``slug``
    is the slug the source used, taken for a new tag when free; never to match.
    """
    tags: dict[int, Tag] = {}
    for kind, name, slug in named:
        name = normalise_name(name)
        if kind not in Tag.Kind.values or not name or len(name) > TAG_NAME_MAX_LENGTH:
            continue
        tag = vocabulary.named(kind, name) or _new_tag(kind, name, tags.values(), slug)
        tags.setdefault(id(tag), tag)
    return list(tags.values())


def persist_tags(tags: list[Tag]) -> tuple[list[Tag], list[Tag]]:
    """The stored rows for ``tags`` and those among them just created.

    Known tags are read again with the lookup (an editor may have deleted one
    during the run); a new one matches a stored tag of the same kind and name,
    and is otherwise created with a slug free within its kind.
    """
    if not tags:
        return [], []
    known = [tag.pk for tag in tags if tag.pk is not None]
    new = [tag for tag in tags if tag.pk is None]
    wanted = models.Q(pk__in=known)
    for tag in new:
        wanted |= models.Q(kind=tag.kind, name=tag.name)
    stored: dict[int, Tag] = {}
    by_name: dict[tuple[str, str], Tag] = {}
    for row in Tag.objects.filter(wanted).order_by("pk"):
        stored[row.pk] = row
        by_name.setdefault((row.kind, row.name), row)

    result = [stored[pk] for pk in known if pk in stored]
    missing = []
    for tag in new:
        if row := by_name.get((tag.kind, tag.name)):
            result.append(row)
        else:
            missing.append(tag)
    created = _create(missing)
    return result + created, created


def _new_tag(kind: str, name: str, chosen: Iterable[Tag], slug: str | None = None) -> Tag:
    """A new tag, unless one of this article's new tags already has that kind and name."""
    for tag in chosen:
        if tag.pk is None and tag.kind == kind and tag.name == name:
            return tag
    return Tag(kind=kind, name=name, slug=slug or slug_for_model(Tag, name))


def _create(tags: list[Tag]) -> list[Tag]:
    """Insert new tags, each slug made free within its kind, in one query for the slugs."""
    if not tags:
        return []
    near = models.Q()
    for tag in tags:
        near |= models.Q(kind=tag.kind, slug__startswith=taken_stem(tag.slug, TAG_SLUG_MAX_LENGTH))
    taken: dict[str, set[str]] = {}
    for kind, slug in Tag.objects.filter(near).values_list("kind", "slug"):
        taken.setdefault(kind, set()).add(slug)
    for tag in tags:
        in_kind = taken.setdefault(tag.kind, set())
        tag.slug = first_free(tag.slug, in_kind, TAG_SLUG_MAX_LENGTH)
        in_kind.add(tag.slug)
    # Both supported databases return the new ids from a bulk insert.
    return Tag.objects.bulk_create(tags)
