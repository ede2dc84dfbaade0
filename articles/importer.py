"""From parsed articles to rows: build the objects, then reconcile them with the database.

``build()`` turns a ParsedArticle into unsaved model instances with stable
identities (a UUID derived from publisher and headline), touching no database;
the fixture writer serialises exactly that. ``persist()`` matches those objects
against what is stored and writes the difference in one transaction, so a file
is imported completely or not at all.
"""

import datetime
import hashlib
import json
import uuid
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.formats.parsed import ParsedArticle
from articles.models import Article, Author, Image, Publisher, RelatedLink, Tag
from articles.richtext import paragraphs_to_html
from articles.text.headlines import headline_key

# Identities derived from content stay the same on every site that imports the same export.
NAMESPACE = uuid.UUID("6f1d4a52-3c0e-4b8e-9a8e-2f6f0b1c7a10")
SLUG_MAX_LENGTH = 200
TAG_NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ImportOptions:
    """What the operator chose: the status of new articles and a forced publication date."""

    draft: bool = False
    published: datetime.date | None = None


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


@dataclass(frozen=True)
class ImportResult:
    outcome: Outcome
    article: Article


def slug_for(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """A readable slug cut at a word boundary, never empty."""
    full = slugify(text)
    slug = full[:max_length].rstrip("-")
    if len(full) > max_length and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug or "article"


def checksum(parsed: ParsedArticle, options: ImportOptions) -> str:
    """A fingerprint of everything an import would write, to recognise an unchanged file."""
    payload = {"article": asdict(parsed), "published": options.published}
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def publication_time(parsed: ParsedArticle, options: ImportOptions) -> datetime.datetime | None:
    """Midnight, site time, of the date the operator gave or the text names; else None."""
    day = options.published or parsed.publication_date
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def build(parsed: ParsedArticle, options: ImportOptions) -> ArticleGraph:
    """The objects an article needs, unsaved. Queries nothing."""
    publisher = Publisher(name=parsed.publisher, slug=slug_for(parsed.publisher))
    source_key = headline_key(parsed.headline)
    article_uuid = uuid.uuid5(NAMESPACE, f"{publisher.slug}\n{source_key}")
    published_at = publication_time(parsed, options)
    stamp = published_at or timezone.now()

    photographer = image = None
    if parsed.lead_image:
        credit = parsed.lead_image.credit
        if credit and credit.photographer:
            photographer = Author(
                name=credit.photographer,
                slug=slug_for(credit.photographer),
                role=Author.Role.PHOTOGRAPHER,
                organisation=credit.agency or "",
            )
        image = Image(
            uuid=uuid.uuid5(article_uuid, "lead-image"),
            caption=parsed.lead_image.caption,
            photographer=photographer,
            agency=(credit.agency or "") if credit else "",
            created_at=stamp,
        )

    article = Article(
        uuid=article_uuid,
        headline=parsed.headline,
        slug=slug_for(parsed.headline),
        standfirst=parsed.paragraphs[0],
        body=paragraphs_to_html(parsed.paragraphs[1:]),
        status=Article.Status.DRAFT if options.draft else Article.Status.PUBLISHED,
        published_at=published_at or (None if options.draft else stamp),
        created_at=stamp,
        updated_at=stamp,
        publisher=publisher,
        lead_image=image,
        copyright_year=parsed.copyright_year,
        headline_key=source_key,
        source_key=source_key,
        source_checksum=checksum(parsed, options),
    )

    entities = parsed.entities
    tags = [
        Tag(name=name, slug=slug_for(name), kind=kind)
        for kind, names in (
            (Tag.Kind.PERSON, entities.people),
            (Tag.Kind.PLACE, entities.places),
            (Tag.Kind.ORGANISATION, entities.organisations),
        )
        for name in names
        # A "name" longer than the column is a misreading of the text, not a name.
        if len(name) <= TAG_NAME_MAX_LENGTH
    ]
    related = [
        RelatedLink(source=article, headline=text, headline_key=headline_key(text), position=i)
        for i, text in enumerate(parsed.related_headlines)
        if headline_key(text) != source_key
    ]
    return ArticleGraph(article, publisher, image, photographer, published_at, tags, related)


def import_article(
    parsed: ParsedArticle, options: ImportOptions, *, dry_run: bool = False
) -> ImportResult:
    """Write one article in one transaction; with ``dry_run`` roll it back."""
    with transaction.atomic():
        result = persist(build(parsed, options))
        if dry_run:
            transaction.set_rollback(True)
    return result


def persist(graph: ArticleGraph) -> ImportResult:
    """Reconcile a built article with the database. Call inside a transaction."""
    new = graph.article
    publisher, _ = Publisher.objects.get_or_create(
        slug=graph.publisher.slug, defaults={"name": graph.publisher.name}
    )
    existing = (
        Article.objects.select_related("lead_image")
        .filter(publisher=publisher, source_key=new.source_key)
        .first()
    )
    if existing and existing.source_checksum == new.source_checksum:
        return ImportResult(Outcome.UNCHANGED, existing)

    image = _persist_image(graph, existing)
    if existing:
        article = existing
        for name in ("headline", "standfirst", "body", "copyright_year", "source_checksum"):
            setattr(article, name, getattr(new, name))
        # The status stays the newsroom's; the date follows the export when it names one.
        if graph.dated_at:
            article.published_at = graph.dated_at
        article.lead_image = image
        article.save()
        outcome = Outcome.UPDATED
    else:
        article = new
        article.publisher = publisher
        article.lead_image = image
        article.slug = _unique_slug(new.slug)
        article.save()
        outcome = Outcome.CREATED

    article.tags.set(_persist_tags(graph.tags))
    _persist_related(article, graph.related)
    return ImportResult(outcome, article)


def _persist_image(graph: ArticleGraph, existing: Article | None) -> Image | None:
    if graph.image is None:
        return None
    photographer = None
    if graph.photographer:
        photographer, _ = Author.objects.get_or_create(
            slug=graph.photographer.slug,
            defaults={
                "name": graph.photographer.name,
                "role": graph.photographer.role,
                "organisation": graph.photographer.organisation,
            },
        )
    image = (
        (existing.lead_image if existing else None)
        or Image.objects.filter(uuid=graph.image.uuid).first()
        or graph.image
    )
    image.caption = graph.image.caption
    image.agency = graph.image.agency
    image.photographer = photographer
    image.save()
    return image


def _persist_tags(tags: list[Tag]) -> list[Tag]:
    if not tags:
        return []
    wanted = models.Q()
    for tag in tags:
        wanted |= models.Q(kind=tag.kind, slug=tag.slug)
    Tag.objects.bulk_create(tags, ignore_conflicts=True)
    return list(Tag.objects.filter(wanted))


def _persist_related(article: Article, links: list[RelatedLink]) -> None:
    """Replace the article's Related News; each link points at its article if it exists."""
    RelatedLink.objects.filter(source=article).delete()
    if not links:
        return
    keys = {link.headline_key for link in links}
    targets: dict[str, Article] = {}
    candidates = Article.objects.filter(headline_key__in=keys).exclude(pk=article.pk)
    for candidate in candidates.order_by("pk"):
        # The same publisher's article wins when two publishers share a headline.
        current = targets.get(candidate.headline_key)
        if current is None or (
            candidate.publisher_id == article.publisher_id
            and current.publisher_id != article.publisher_id
        ):
            targets[candidate.headline_key] = candidate
    for link in links:
        link.pk = None
        link.source = article
        link.target = targets.get(link.headline_key)
    RelatedLink.objects.bulk_create(links)


def _unique_slug(slug: str) -> str:
    taken = set(Article.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"
