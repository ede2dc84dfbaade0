"""From parsed articles to rows: build the objects, then reconcile them with the database.

``build()`` turns a ParsedArticle into unsaved model instances with stable
identities (a UUID derived from publisher and headline), touching no database;
the fixture writer serialises exactly that. ``persist()`` matches those objects
against what is stored and writes the difference in one transaction, so a file
is imported completely or not at all.

People and publishers are matched by name, never by slug: two photographers
whose names transliterate alike are two Authors with two slugs. So are
sections (by name) and tags (by kind and name).

A ninjs document may say more than the plain-text export: its own identity
(``uri``), a standfirst, an HTML body, bylines, tags, a section and times.
What it says is used; what a source leaves ``None`` is derived or left to
editors as before.
"""

import datetime
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import reversion
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.database_faults import lost_race
from articles.formats.parsed import ParsedArticle
from articles.listing_copies import copy_to_links
from articles.models import (
    Article,
    Author,
    Byline,
    Image,
    Publisher,
    RelatedLink,
    Section,
    Tag,
    Tagging,
)
from articles.models.taxonomy import reserved_section_slugs
from articles.richtext import paragraphs_to_html, sanitize
from articles.shown_bylines import copy_of
from articles.shown_tags import copy_of as tags_copy_of
from articles.slugs import first_free, normalise_name, slug_for_model, taken_stem, unique_slug
from articles.tagging import (
    TagVocabulary,
    empty_vocabulary,
    learn,
    load_vocabulary,
    persist_tags,
    tags_for,
    tags_named,
)
from articles.text.headlines import fold_headline, headline_key
from articles.versioning import add_article, content_fingerprint, keep_baseline, keep_revision

# Times a file is tried when another writer keeps winning the race for its rows.
RACE_ATTEMPTS = 10

# Identities derived from content stay the same on every site that imports the same export.
NAMESPACE = uuid.UUID("6f1d4a52-3c0e-4b8e-9a8e-2f6f0b1c7a10")


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # Only with ``recheck_credits``: the file is unchanged, its picture's credit was wrong.
    REPAIRED = "repaired"
    # The export changed, and so did the article since its last import (an editor):
    # left alone unless ``force``.
    CONFLICT = "conflict"


@dataclass(frozen=True)
class ImportOptions:
    """What the operator chose: the status of new articles, a forced publication date,
    whether unchanged files still have their picture credit checked, and whether a
    changed export replaces an article an editor changed since (``force``).
    """

    draft: bool = False
    published: datetime.date | None = None
    recheck_credits: bool = False
    force: bool = False


@dataclass
class ArticleGraph:
    """One article and every object it needs, unsaved, with stable identities."""

    article: Article
    publisher: Publisher
    image: Image | None
    photographer: Author | None
    dated_at: datetime.datetime | None = None
    tags: list[Tag] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    # ``None``: the source does not say, so the stored article's are left as they are.
    authors: list[Author] | None = None
    section: Section | None = None
    # The source's own times (ninjs firstCreated / versionCreated), kept over auto_now.
    created_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    # The Image fields beyond caption and credit that the source states (ninjs).
    image_fields: tuple[str, ...] = ()
    # The UUID is the document's own (a ninjs uri naming one of our articles).
    own_identity: bool = False


class Lookups:
    """Publishers, sections and people found or made during one run, by name.

    A run of 10,000 files names a handful of publishers and sections and a few
    hundred people: each is looked up once, not once a file. What a file's
    transaction made is forgotten when that transaction rolls back (``forget``).
    """

    def __init__(self) -> None:
        self.publishers: dict[str, Publisher] = {}
        self.sections: dict[str, Section] = {}
        self.people: dict[str, Author] = {}

    def forget(self) -> None:
        self.publishers.clear()
        self.sections.clear()
        self.people.clear()


# Bump when parsing or building changes what the same bytes yield: files whose
# digest was stored under an older version are parsed again on their next import.
FILE_CHECKSUM_VERSION = "1"


def file_checksum(data: bytes, ninjs: bool, options: ImportOptions) -> str:
    """The digest of a file as the importer reads it: its bytes, its format and the
    options that change what it yields. Equal digests need no parsing to be unchanged.
    """
    digest = hashlib.sha256()
    header = f"{FILE_CHECKSUM_VERSION}\n{'ninjs' if ninjs else 'text'}\n{options.published}\n"
    digest.update(header.encode())
    digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True)
class ImportResult:
    outcome: Outcome
    article: Article
    new_tags: tuple[Tag, ...] = ()


# Facts only ninjs carries. Left out of the fingerprint while ``None``, so every
# plain-text file keeps the checksum it had before they existed: a re-import
# after the upgrade is "unchanged", never an overwrite of an editor's work.
_NINJS_FACTS = frozenset(
    {
        "uuid",
        "standfirst",
        "body_html",
        "bylines",
        "tags",
        "section",
        "language",
        "first_created",
        "version_created",
        "copyright_notice",
        "alt_text",
        "photographer_slug",
        "published",
        "slug",
        "section_slug",
        "publisher_slug",
        "content_created",
    }
)


def _facts(value: Any) -> Any:
    """``asdict()`` output without the ninjs-only facts a source left ``None``."""
    if isinstance(value, dict):
        return {
            key: _facts(item)
            for key, item in value.items()
            if not (key in _NINJS_FACTS and item is None)
        }
    return value


def checksum(parsed: ParsedArticle, options: ImportOptions) -> str:
    """A fingerprint of everything an import would write, to recognise an unchanged file."""
    payload = {"article": _facts(asdict(parsed)), "published": options.published}
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def publication_time(parsed: ParsedArticle, options: ImportOptions) -> datetime.datetime | None:
    """The source's own time (ninjs), else midnight, site time, of the date the operator
    gave or the text names; else None. A date the operator gives wins over both.
    """
    if not options.published:
        # A ninjs item names its publication (firstCreated); a foreign one may give
        # only its version's time.
        moment = parsed.first_created or (parsed.version_created if parsed.published else None)
        if moment:
            return moment
    day = options.published or parsed.publication_date
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def build(
    parsed: ParsedArticle, options: ImportOptions, vocabulary: TagVocabulary | None = None
) -> ArticleGraph:
    """The objects an article needs, unsaved. Queries nothing.

    Slugs are the names' transliterations, not yet unique: ``persist()`` and
    the fixture writer make them so. ``vocabulary`` holds the tags already
    known (to match by name and alias); known tags come back as they are.
    """
    publisher_name = normalise_name(parsed.publisher)
    name_slug = slug_for_model(Publisher, publisher_name)
    publisher = Publisher(
        name=publisher_name, slug=_slug_hint(Publisher, parsed.publisher_slug) or name_slug
    )
    source_key = headline_key(parsed.headline)
    # A ninjs document naming its own article keeps that identity. The folded
    # headline, not its digest, names the others: identities made before the
    # key became a digest stay the same.
    article_uuid = parsed.uuid or uuid.uuid5(
        NAMESPACE, f"{name_slug}\n{fold_headline(parsed.headline)}"
    )
    # A document that says it is not published (ninjs withheld) comes in as a draft.
    draft = options.draft or parsed.published is False
    published_at = None if parsed.published is False else publication_time(parsed, options)
    stamp = published_at or timezone.now()

    photographer = image = None
    if parsed.lead_image:
        credit = parsed.lead_image.credit
        if credit and credit.photographer:
            name = normalise_name(credit.photographer)
            photographer = Author(
                name=name,
                slug=_slug_hint(Author, parsed.lead_image.photographer_slug)
                or slug_for_model(Author, name),
                role=Author.Role.PHOTOGRAPHER,
                organisation=credit.agency or "",
            )
        image = Image(
            uuid=parsed.lead_image.uuid or uuid.uuid5(article_uuid, "lead-image"),
            caption=parsed.lead_image.caption,
            photographer=photographer,
            agency=(credit.agency or "") if credit else "",
            copyright_notice=parsed.lead_image.copyright_notice or "",
            alt_text=parsed.lead_image.alt_text or "",
            created_at=stamp,
        )

    article = Article(
        uuid=article_uuid,
        headline=parsed.headline,
        slug=_slug_hint(Article, parsed.slug) or slug_for_model(Article, parsed.headline),
        standfirst=_standfirst(parsed),
        body=_body(parsed),
        status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
        published_at=published_at or (None if draft else stamp),
        created_at=stamp,
        updated_at=parsed.version_created or stamp,
        publisher=publisher,
        lead_image=image,
        copyright_year=parsed.copyright_year,
        headline_key=source_key,
        source_key=source_key,
        source_checksum=checksum(parsed, options),
    )

    vocabulary = vocabulary if vocabulary is not None else empty_vocabulary()
    if parsed.tags is None:
        tags = tags_for(parsed, vocabulary)
    else:
        tags = tags_named(
            [(tag.kind, tag.name, _slug_hint(Tag, tag.slug)) for tag in parsed.tags], vocabulary
        )
    related = [
        RelatedLink(source=article, headline=text, headline_key=headline_key(text), position=i)
        for i, text in enumerate(parsed.related_headlines)
        if headline_key(text) != source_key
    ]
    return ArticleGraph(
        article,
        publisher,
        image,
        photographer,
        published_at,
        tags,
        related,
        authors=_authors(parsed),
        section=_section(parsed),
        created_at=_created_at(parsed, published_at),
        updated_at=parsed.version_created,
        image_fields=tuple(
            name
            for name in ("copyright_notice", "alt_text")
            if parsed.lead_image and getattr(parsed.lead_image, name) is not None
        ),
        own_identity=parsed.uuid is not None,
    )


def _slug_hint(model: type, slug: str | None) -> str | None:
    """The slug a source used, as a valid slug of the model, to be taken when it is free."""
    return slug_for_model(model, slug) if slug and slug.strip() else None


def _created_at(
    parsed: ParsedArticle, published_at: datetime.datetime | None
) -> datetime.datetime | None:
    """When the newsroom created the article, if the source tells (ninjs contentCreated).

    ninjs gives contentCreated only when creation came before publication; a
    published item without it was created after (an old story imported later),
    so it gets the moment just after its publication, which keeps that true.
    """
    if parsed.content_created:
        return parsed.content_created
    if published_at and (parsed.first_created or parsed.version_created):
        return published_at + datetime.timedelta(microseconds=1)
    return None


def _standfirst(parsed: ParsedArticle) -> str:
    if parsed.standfirst is not None:
        return parsed.standfirst
    return parsed.paragraphs[0] if parsed.paragraphs else ""


def _body(parsed: ParsedArticle) -> str:
    """The body HTML: the source's own, cleaned by the one allowlist, or its paragraphs'."""
    if parsed.body_html is not None:
        return sanitize(parsed.body_html)
    paragraphs = parsed.paragraphs if parsed.standfirst is not None else parsed.paragraphs[1:]
    return paragraphs_to_html(paragraphs)


def _authors(parsed: ParsedArticle) -> list[Author] | None:
    """The byline's people in order, unsaved; each name once (a byline names a person once)."""
    if parsed.bylines is None:
        return None
    people: dict[str, Author] = {}
    for person in parsed.bylines:
        name = normalise_name(person.name)
        if name and name not in people:
            people[name] = Author(
                name=name,
                slug=_slug_hint(Author, person.slug) or slug_for_model(Author, name),
                role=person.role if person.role in Author.Role.values else Author.Role.REPORTER,
                organisation=normalise_name(person.organisation),
            )
    return list(people.values())


def _section(parsed: ParsedArticle) -> Section | None:
    name = normalise_name(parsed.section or "")
    if not name:
        return None
    base = _slug_hint(Section, parsed.section_slug) or slug_for_model(Section, name)
    return Section(name=name, slug=_section_slug(base))


def _section_slug(base: str, taken: set[str] = frozenset()) -> str:
    """A section slug that is not another part of the site (/admin/, /search/ …)."""
    max_length = Section._meta.get_field("slug").max_length
    return first_free(base, {*reserved_section_slugs(), *taken}, max_length)


def import_article(
    parsed: ParsedArticle,
    options: ImportOptions,
    *,
    dry_run: bool = False,
    vocabulary: TagVocabulary | None = None,
    source_name: str = "",
    lookups: Lookups | None = None,
    source_file_checksum: str = "",
) -> ImportResult:
    """Write one article in one transaction; with ``dry_run`` roll it back.

    Pass one ``vocabulary`` (``load_vocabulary()``) and one ``lookups`` for a
    whole run: the tags an article creates join the vocabulary once its
    transaction has succeeded. A unique constraint or deadlock lost to another
    writer (two imports of the same files at once) rolls the file's savepoint back
    and tries it again, up to ``RACE_ATTEMPTS`` times. ``source_name`` names the
    file in the revision the import leaves; ``source_file_checksum`` (``file_checksum()``) is stored
    with what it wrote.
    """
    if vocabulary is None:
        vocabulary = load_vocabulary()
    lookups = lookups if lookups is not None else Lookups()
    attempt = 1
    while True:
        try:
            with transaction.atomic():
                result = persist(
                    build(parsed, options, vocabulary),
                    recheck_credits=options.recheck_credits,
                    force=options.force,
                    source_name=source_name,
                    lookups=lookups,
                    source_file_checksum=source_file_checksum,
                )
                if dry_run:
                    transaction.set_rollback(True)
            break
        except DatabaseError as exc:
            lookups.forget()
            # Another import wrote the same article, person or tag first: once its
            # transaction committed, looking again finds them (unchanged, or an update).
            if not lost_race(exc) or attempt >= RACE_ATTEMPTS:
                raise
            attempt += 1
        except BaseException:
            lookups.forget()
            raise
    if dry_run:
        lookups.forget()
    else:
        for tag in result.new_tags:
            learn(vocabulary, tag)
    return result


def persist(
    graph: ArticleGraph,
    *,
    recheck_credits: bool = False,
    force: bool = False,
    source_name: str = "",
    lookups: Lookups | None = None,
    source_file_checksum: str = "",
) -> ImportResult:
    """Reconcile a built article with the database. Call inside a transaction.

    An unchanged file writes nothing, unless ``recheck_credits`` asks for its
    picture's photographer to be matched by name again (the repair for credits
    that an older importer merged into the wrong person). A changed file meets
    an article an editor changed since its last import as a conflict, and
    leaves it alone; with ``force`` it is written, the editor's version kept
    first as a revision of its own. Every write is a revision.
    """
    new = graph.article
    new.source_file_checksum = source_file_checksum
    lookups = lookups if lookups is not None else Lookups()
    publisher = persist_publisher(graph.publisher, lookups)
    # Locked until the file's transaction ends: an editor's save waits, then finds
    # a newer version and is refused rather than overwriting the import (or the reverse).
    # FOR NO KEY UPDATE, as an UPDATE locks: rows merely pointing at the article (another
    # import's Related News, taggings, search documents) do not wait for it, so two imports
    # of the same files cannot deadlock over them.
    stored = Article.objects.select_related("lead_image__photographer").select_for_update(
        of=("self",), no_key=True
    )
    # A document naming its article (a ninjs uri) is that article, and only that one: two
    # stories of one publisher may share a headline. Otherwise publisher and first headline.
    same = Q(uuid=new.uuid)
    if not graph.own_identity:
        same |= Q(publisher=publisher, source_key=new.source_key)
    # One query for both; the UUID's article wins over the headline's.
    found = sorted(stored.filter(same)[:2], key=lambda row: row.uuid != new.uuid)
    existing = found[0] if found else None
    if existing and existing.source_checksum == new.source_checksum:
        if recheck_credits and _recheck_credit(graph, existing, lookups):
            return ImportResult(Outcome.REPAIRED, existing)
        if source_file_checksum and existing.source_file_checksum != source_file_checksum:
            # Same content in other bytes (or stored before digests were): the next
            # run knows it without parsing.
            existing.source_file_checksum = source_file_checksum
            Article.objects.filter(pk=existing.pk).update(source_file_checksum=source_file_checksum)
        return ImportResult(Outcome.UNCHANGED, existing)
    if existing and edited_since_import(existing):
        if not force:
            return ImportResult(Outcome.CONFLICT, existing)
        keep_revision(existing, f"Kept before a forced import of {source_name or 'an export'}.")
    elif existing:
        keep_baseline(existing)

    # Added once, when written: bylines and Related News are written in bulk, without signals.
    # Inside the file's own savepoint already: no second one.
    with reversion.create_revision(manage_manually=True, atomic=False):
        result = _write(graph, existing, publisher, lookups)
        verb = "Created" if result.outcome == Outcome.CREATED else "Updated"
        reversion.set_comment(f"{verb} by importing {source_name or 'an export'}.")
        add_article(result.article)
    return result


def edited_since_import(article: Article) -> bool:
    """Whether the article differs from what its last import left (an editor's work).

    An article imported before fingerprints were kept has none: it counts as
    edited once an editor has saved it in the admin (a revision with a user).
    """
    if article.imported_fingerprint:
        return article.imported_fingerprint != content_fingerprint(article)
    return Version.objects.get_for_object(article).filter(revision__user__isnull=False).exists()


def _write(
    graph: ArticleGraph, existing: Article | None, publisher: Publisher, lookups: Lookups
) -> ImportResult:
    """Write the article and its rows. Everything the fingerprint reads (picture, tags,
    people, Related News' targets) is settled first, so the article's own INSERT or
    UPDATE carries it; a new article's rows are written with their listing copies and
    handed to its revision as they are, not read back.
    """
    new = graph.article
    image = _persist_image(graph, existing, lookups)
    tags, created = persist_tags(graph.tags)
    people = None if graph.authors is None else _persist_people(graph.authors, lookups)
    links = _linked(graph.related, publisher, existing)
    if existing:
        article = existing
        before = workflow.state_of(existing)
        for name in (
            "headline",
            "standfirst",
            "body",
            "copyright_year",
            "source_checksum",
            "source_file_checksum",
        ):
            setattr(article, name, getattr(new, name))
        # The status stays the newsroom's; the date follows the export when it names one.
        if graph.dated_at:
            article.published_at = graph.dated_at
        article.lead_image = image
        if graph.section is not None:
            article.section = persist_section(graph.section, lookups)
    else:
        article = new
        article.publisher = publisher
        article.lead_image = image
        article.section = persist_section(graph.section, lookups) if graph.section else None
        article.slug = unique_slug(Article.objects.all(), new.slug)
        # Without an identity of its own, persist() looked the key up already.
        held = graph.own_identity and (
            Article.objects.filter(publisher=publisher, source_key=new.source_key).exists()
        )
        if held:
            # Another story of that headline holds the key; this one is known by its UUID.
            article.source_key = ""
    # The text as the save will store it (the body's field cleans its HTML on write).
    for name in ("headline", "standfirst", "body"):
        Article._meta.get_field(name).pre_save(article, existing is None)
    # A new article has no bylines yet: none to read when the source names none.
    author_ids = [person.pk for person in people] if people is not None else None
    if people is not None:
        # Bylines are written in bulk, which sends no signal: the pages' copy of the byline
        # is saved with the article, from the people about to be linked.
        article.byline_copy = copy_of(people)
    if existing is None:
        # Likewise the new article's taggings: its copy of the tags is saved with it.
        article.tags_copy = tags_copy_of(tags)
    article.imported_fingerprint = content_fingerprint(
        article,
        tag_ids={tag.pk for tag in tags},
        author_ids=author_ids if author_ids is not None or existing else [],
        # Targets found by their headline count as waiting links (content_fingerprint).
        links=[(None, link.headline) for link in links],
    )
    article.save()
    if existing:
        workflow.imported(article, created=False, before=before)
        outcome = Outcome.UPDATED
    else:
        # Published on import (the export is what the newsroom sent out), scheduled
        # when dated ahead, a draft with --draft: recorded as the state it came in with.
        workflow.imported(article, created=True, before=None)
        outcome = Outcome.CREATED
    _keep_source_times(article, graph)

    if existing is None:
        _add_new_rows(article, tags, people or [], links)
    else:
        article.tags.set(tags)
        if people is not None:
            _replace_bylines(article, people)
        _persist_related(article, links, False)
    return ImportResult(outcome, article, tuple(created))


def _add_new_rows(
    article: Article, tags: list[Tag], people: list[Author], links: list[RelatedLink]
) -> None:
    """A new article's taggings, bylines and Related News, each in one INSERT.

    They carry the article's status and time themselves (``articles.listing_copies``
    would copy them in an UPDATE after), and are kept on the article as if
    prefetched, so its revision (``add_article``) serialises them without reading them.
    The article's own save already scheduled its reindex and a new cache generation.
    """
    copies = {"status": article.status, "published_at": article.published_at}
    taggings = Tagging.objects.bulk_create(
        Tagging(article=article, tag=tag, **copies) for tag in tags
    )
    bylines = Byline.objects.bulk_create(
        Byline(article=article, author=person, position=at, **copies)
        for at, person in enumerate(people)
    )
    _persist_related(article, links, True)  # bulk_create gives the links their ids
    cache = getattr(article, "_prefetched_objects_cache", None)
    if cache is None:
        cache = article._prefetched_objects_cache = {}
    cache.update({"taggings": taggings, "bylines": bylines, "related_links": links})


def _keep_source_times(article: Article, graph: ArticleGraph) -> None:
    """Store the document's creation and version times, which ``auto_now`` overwrote on save."""
    times = {
        name: value
        for name, value in (("created_at", graph.created_at), ("updated_at", graph.updated_at))
        if value is not None
    }
    if times:
        Article.objects.filter(pk=article.pk).update(**times)
        for name, value in times.items():
            setattr(article, name, value)


def persist_section(built: Section, lookups: Lookups) -> Section:
    """The section of that name, or a new one with a slug no section or site path has."""
    if (known := lookups.sections.get(built.name)) is not None:
        return known
    section = Section.objects.filter(name=built.name).first()
    if section is None:
        max_length = Section._meta.get_field("slug").max_length
        taken = Section.objects.filter(slug__startswith=taken_stem(built.slug, max_length))
        section = Section(
            name=built.name,
            slug=_section_slug(built.slug, set(taken.values_list("slug", flat=True))),
        )
        section.save()
    lookups.sections[built.name] = section
    return section


def _persist_people(authors: list[Author], lookups: Lookups) -> list[Author]:
    """The byline's people, in order, each matched by name; each stored person once
    (two names in the document may be one person, after an editor's merge)."""
    people: dict[int, Author] = {}
    for author in authors:
        person = persist_person(author, lookups)
        people.setdefault(person.pk, person)
    return list(people.values())


def _replace_bylines(article: Article, people: list[Author]) -> None:
    """Replace a stored article's bylines with these people, in order."""
    Byline.objects.filter(article=article).delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=person, position=at) for at, person in enumerate(people)
    )
    copy_to_links([article.pk])
    # The deletes' signals rewrote the byline's copy from no rows; the bulk insert sent none.
    Article.objects.filter(pk=article.pk).update(byline_copy=copy_of(people))


def persist_publisher(built: Publisher, lookups: Lookups) -> Publisher:
    """The publisher of that name, or a new one with a slug no other publisher has."""
    if (known := lookups.publishers.get(built.name)) is not None:
        return known
    publisher = Publisher.objects.filter(name=built.name).first()
    if publisher is None:
        publisher = Publisher(
            name=built.name, slug=unique_slug(Publisher.objects.all(), built.slug)
        )
        publisher.save()
    lookups.publishers[built.name] = publisher
    return publisher


def persist_person(built: Author, lookups: Lookups) -> Author:
    """The person of that exact name (the first, if editors made two), or a new Author.

    Never by slug: "Γιώργος Νικολάου" and "Giorgos Nikolaou" share a
    transliteration and may be two people, so the second gets its own row.
    """
    if (known := lookups.people.get(built.name)) is not None:
        return known
    person = Author.objects.filter(name=built.name).order_by("pk").first()
    if person is None:
        person = Author(
            name=built.name,
            slug=unique_slug(Author.objects.all(), built.slug),
            role=built.role,
            organisation=built.organisation,
        )
        person.save()
    lookups.people[built.name] = person
    return person


def _recheck_credit(graph: ArticleGraph, existing: Article, lookups: Lookups) -> bool:
    """Point the picture at the person the file credits, if it names someone else; say if so."""
    image = existing.lead_image
    if image is None or graph.photographer is None:
        return False
    current = image.photographer
    if current is not None and normalise_name(current.name) == graph.photographer.name:
        return False
    image.photographer = persist_person(graph.photographer, lookups)
    image.save(update_fields=["photographer"])
    return True


def _persist_image(graph: ArticleGraph, existing: Article | None, lookups: Lookups) -> Image | None:
    if graph.image is None:
        return None
    photographer = persist_person(graph.photographer, lookups) if graph.photographer else None
    image = (
        (existing.lead_image if existing else None)
        or Image.objects.filter(uuid=graph.image.uuid).first()
        or graph.image
    )
    image.caption = graph.image.caption
    image.agency = graph.image.agency
    for name in graph.image_fields:
        setattr(image, name, getattr(graph.image, name))
    image.photographer = photographer
    image.save()
    return image


def _linked(
    links: list[RelatedLink], publisher: Publisher, existing: Article | None
) -> list[RelatedLink]:
    """Related News, each pointing at its article if it exists (the same publisher's
    when two share a headline), never at the article itself."""
    if not links:
        return []
    keys = {link.headline_key for link in links}
    targets: dict[str, Article] = {}
    candidates = Article.objects.filter(headline_key__in=keys)
    if existing is not None:
        candidates = candidates.exclude(pk=existing.pk)
    for candidate in candidates.order_by("pk"):
        current = targets.get(candidate.headline_key)
        if current is None or (
            candidate.publisher_id == publisher.pk and current.publisher_id != publisher.pk
        ):
            targets[candidate.headline_key] = candidate
    for link in links:
        link.target = targets.get(link.headline_key)
    return links


def _persist_related(
    article: Article, links: list[RelatedLink], created: bool
) -> list[RelatedLink]:
    """Replace the article's Related News with these links (their targets found by ``_linked``)."""
    if not created:
        RelatedLink.objects.filter(source=article).delete()
    for link in links:
        link.pk = None
        link.source = article
    return RelatedLink.objects.bulk_create(links)
