"""The article, its bylines, its tags' links and its links to related news."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import cached_property

from articles.addresses import article_path
from articles.fields import ALLOWED_TAGS_HELP, RichTextField
from articles.querysets import CARD_STANDFIRST_CHARACTERS, ArticleQuerySet
from articles.slugs import fill_blank_slug
from articles.text import reading
from articles.text.excerpts import excerpt
from articles.text.headlines import HEADLINE_KEY_LENGTH, headline_key

HEADLINE_MAX_LENGTH = 300
STATUS_MAX_LENGTH = 12
# A save this long after publication (or creation, for an import) is an update
# readers are told of; saves closer to publication are the newsroom finishing up.
UPDATE_SHOWN_AFTER = datetime.timedelta(minutes=15)


class Article(models.Model):
    """A news article as readers see it and editors change it.

    ``source_key`` and ``source_checksum`` belong to the importer: the first
    recognises the same article in a later export (publisher + headline as
    first imported, so an editor's new headline does not break the match), the
    second tells whether the export changed since, so an unchanged file writes
    nothing and never undoes an editor's correction.
    """

    class Status(models.TextChoices):
        """What is stored. "Scheduled" is not stored: it is PUBLISHED with a time to come
        (``articles.workflow.state_of``), so the article appears by itself at that time."""

        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    headline = models.CharField(
        "headline",
        max_length=HEADLINE_MAX_LENGTH,
        help_text="For example: NATO chief arrives in Kyiv hours after Russian strike.",
    )
    slug = models.SlugField(
        "slug", max_length=255, unique=True, help_text="The last part of the article's address."
    )
    standfirst = models.TextField(
        "standfirst",
        blank=True,
        help_text="The opening paragraph, shown in lists and as the page's description.",
    )
    body = RichTextField(
        "body",
        blank=True,
        help_text="The paragraphs after the standfirst, as HTML. " + ALLOWED_TAGS_HELP,
    )
    status = models.CharField(
        "status", max_length=STATUS_MAX_LENGTH, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        "published",
        null=True,
        blank=True,
        help_text="When readers may see it. Empty while a draft; set when published.",
    )
    featured = models.BooleanField(
        "lead story",
        default=False,
        help_text="Leads the front page: of the published stories marked, the newest leads "
        "(a scheduled one takes over at its time). With none, the newest story leads.",
    )
    embargo_note = models.TextField(
        "embargo note (desk only)",
        blank=True,
        help_text="For the desk, never shown to readers. For example: Embargoed until the "
        "minister speaks at 14:00; do not move the time forward.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("modified", auto_now=True)
    # Who added it in the admin: a contributor edits only their own drafts. Empty for
    # imports and for articles made before it was recorded.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="created by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # No single-column indexes on section and publisher: their listing indexes
    # (Meta.indexes) start with them.
    section = models.ForeignKey(
        "articles.Section",
        verbose_name="section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        db_index=False,
    )
    publisher = models.ForeignKey(
        "articles.Publisher",
        verbose_name="publisher",
        on_delete=models.PROTECT,
        related_name="articles",
        db_index=False,
    )
    authors = models.ManyToManyField(
        "articles.Author",
        verbose_name="authors",
        through="articles.Byline",
        related_name="articles",
        blank=True,
    )
    tags = models.ManyToManyField(
        "articles.Tag",
        verbose_name="tags",
        through="articles.Tagging",
        related_name="articles",
        blank=True,
    )
    lead_image = models.ForeignKey(
        "articles.Image",
        verbose_name="lead image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_of",
    )
    # A copy of the lead picture's photographer, kept by articles.listing_copies, so
    # a photographer's "Photographs" are read newest first off their own index
    # (Meta.indexes), which starts with it: no single-column index.
    lead_photographer = models.ForeignKey(
        "articles.Author",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        serialize=False,
        related_name="+",
        db_index=False,
    )
    copyright_year = models.PositiveSmallIntegerField(
        "copyright year", null=True, blank=True, help_text="For example: 2026."
    )
    # Copies of the article's public corrections, kept by articles.models.corrections
    # (the notes, oldest first, and the newest one's time), so every surface that
    # shows an article reads them from its row.
    correction_notes = models.JSONField(default=list, editable=False, serialize=False)
    corrected_at = models.DateTimeField(null=True, editable=False, serialize=False)
    # A copy of the byline as pages print it (each person's name and slug, in byline
    # order), kept by articles.shown_bylines, so a list's cards and the article page
    # read it with the article's row instead of a query through Byline and Author.
    byline_copy = models.JSONField(default=list, editable=False, serialize=False)
    # A copy of the tags as the article page shows them (id, kind, name, slug, in the
    # page's order), kept by articles.shown_tags: the page is one query, not two.
    tags_copy = models.JSONField(default=list, editable=False, serialize=False)
    # Part of every preview link's signature (articles.previews): revoking the
    # article's preview links adds one, and the links signed before stop working.
    preview_version = models.PositiveIntegerField(default=0, editable=False, serialize=False)
    # Digests of folded headlines (articles.text.headlines): a fixed length, since
    # folding can make a headline many times longer (ﷺ becomes 18 characters).
    headline_key = models.CharField(max_length=HEADLINE_KEY_LENGTH, editable=False, db_index=True)
    source_key = models.CharField(max_length=HEADLINE_KEY_LENGTH, blank=True, editable=False)
    source_checksum = models.CharField(max_length=64, blank=True, editable=False)
    # The digest of the file bytes the last import wrote (articles.importer.file_checksum):
    # a re-import finds its unchanged files in one query, before parsing any.
    source_file_checksum = models.CharField(
        max_length=64, blank=True, editable=False, db_index=True
    )
    # Counts saves: the admin form carries the number it was opened at and a save
    # from an older number is refused (articles.admin.locking), so two editors
    # never silently overwrite each other.
    version = models.PositiveIntegerField("version", default=1, editable=False)
    # What the last import left (articles.versioning.content_fingerprint): a later
    # import of a changed export that finds the article different was changed
    # by an editor since, and is a conflict rather than an overwrite.
    imported_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-id"]
        verbose_name = "article"
        # The roles (articles.roles) are made of these and Django's own add/change/view.
        permissions = [
            ("edit_any_article", "Can edit every article, not only their own drafts"),
            ("publish_article", "Can publish, schedule and unpublish articles"),
        ]
        indexes = [
            # The home page and every public list: published, newest first.
            models.Index(
                fields=["status", "-published_at", "-id"], name="article_status_published"
            ),
            # A section's and a publisher's lists, each read newest first off its own index.
            models.Index(
                fields=["section", "status", "-published_at", "-id"], name="article_section_listed"
            ),
            models.Index(
                fields=["publisher", "status", "-published_at", "-id"],
                name="article_publisher_listed",
            ),
            # The front page's lead: the newest featured story, found without
            # walking every unfeatured one (SQLite did, at 0.1 s for 200,000).
            models.Index(
                fields=["featured", "status", "-published_at", "-id"],
                name="article_featured_listed",
            ),
            # A photographer's "Photographs", off the copy of the lead picture's photographer.
            models.Index(
                fields=["lead_photographer", "status", "-published_at", "-id"],
                name="article_photographer_listed",
            ),
            # The API's ``since=`` (``changed_since()``): changed or corrected since a
            # moment, OR-ed with "published since" (article_status_published), so each
            # arm is a range on an index of its own rather than a walk of every article.
            models.Index(fields=["updated_at"], name="article_updated"),
            models.Index(
                fields=["corrected_at"],
                condition=models.Q(corrected_at__isnull=False),
                name="article_corrected",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "source_key"],
                condition=~models.Q(source_key=""),
                name="article_unique_source",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self.headline_key = headline_key(self.headline)
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        fill_blank_slug(self, self.headline, Article.objects.all())
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            # Published with no time given means published now, not never.
            self.published_at = timezone.now()
        super().save(*args, **kwargs)
        # Related News that named this headline before it existed now point here.
        # (No editor's change: the import fingerprint counts them as waiting still.)
        RelatedLink.objects.filter(target__isnull=True, headline_key=self.headline_key).exclude(
            source=self
        ).update(target=self)

    def get_absolute_url(self) -> str:
        day = self.url_date
        return article_path(day.year, day.month, day.day, self.slug)

    def natural_key(self) -> tuple[str]:
        return (str(self.uuid),)

    @property
    def url_date(self) -> datetime.date:
        """The day in the article's address: publication day, site time."""
        moment = self.published_at or self.created_at or timezone.now()
        return timezone.localdate(moment)

    @cached_property
    def byline_authors(self) -> list:
        """Authors in byline order, from the prefetched bylines when there are any."""
        return [byline.author for byline in self.bylines.all()]

    @cached_property
    def byline(self) -> list:
        """The byline's people as pages print them (``Credit``: name, address), from the copy.

        No query: read from the article's own ``byline_copy`` (articles.shown_bylines).
        """
        from articles.shown_bylines import credits_of

        return credits_of(self.byline_copy or ())

    @cached_property
    def shown_tags(self) -> list:
        """The tags as the article page shows them (``ShownTag``), grouped by kind, from the copy.

        No query: read from the article's own ``tags_copy`` (articles.shown_tags).
        """
        from articles.shown_tags import shown_of

        return shown_of(self.tags_copy or ())

    @property
    def card_standfirst(self) -> str:
        """The standfirst as a card shows it: its opening, cut at a word.

        ``for_listing()`` reads only the opening (``standfirst_head``) from the
        database; without it the whole standfirst is used.
        """
        text = self.__dict__.get("standfirst_head")
        if text is None:
            text = self.standfirst
        return excerpt(text, CARD_STANDFIRST_CHARACTERS)

    @property
    def shown_updated_at(self) -> datetime.datetime | None:
        """When readers are told the article was updated, or None.

        Compared with both publication and creation: an export imported months
        after its publication date was created then, not changed since.
        """
        if not (self.published_at and self.updated_at and self.created_at):
            return None
        if self.updated_at - max(self.published_at, self.created_at) < UPDATE_SHOWN_AFTER:
            return None
        return self.updated_at

    @property
    def shown_modified_at(self) -> datetime.datetime | None:
        """When readers are told the article last changed: an update or a correction, or None.

        A correction always counts, however soon after publication it came.
        """
        moments = [moment for moment in (self.shown_updated_at, self.corrected_at) if moment]
        return max(moments, default=None)

    @property
    def modified_at(self) -> datetime.datetime | None:
        """``dateModified`` wherever it is told: the last change shown, else publication."""
        return self.shown_modified_at or self.published_at

    @cached_property
    def shown_corrections(self) -> list:
        """The public corrections, oldest first, read from the article's copy (no query)."""
        from articles.models.corrections import Correction

        return [Correction.from_copy(copy, self) for copy in self.correction_notes or ()]

    @cached_property
    def reading_minutes(self) -> int:
        """Minutes to read the standfirst and body; counted once per page."""
        return reading.reading_minutes(self.standfirst, self.body)

    @property
    def copyright_line(self) -> str:
        year = self.copyright_year or self.url_date.year
        return f"Copyright © {year} {self.publisher.name}. All Rights Reserved."


class ListedLink(models.Model):
    """A link from an article that a list is read through: a byline, a tagging.

    It carries copies of its article's ``status`` and ``published_at``, kept by
    ``articles.listing_copies``, so a person's or a tag's list filters and sorts
    on the link table alone, newest first off one index.
    """

    status = models.CharField(
        max_length=STATUS_MAX_LENGTH,
        choices=Article.Status.choices,
        default=Article.Status.DRAFT,
        editable=False,
        serialize=False,
    )
    published_at = models.DateTimeField(null=True, editable=False, serialize=False)

    class Meta:
        abstract = True


class BylineManager(models.Manager):
    def get_by_natural_key(self, article_uuid: str, author_slug: str) -> "Byline":
        return self.get(article__uuid=article_uuid, author__slug=author_slug)


class Byline(ListedLink):
    """One author's credit on one article, in the order the byline reads.

    ``status`` and ``published_at`` are copies of the article's, kept by
    ``articles.listing_copies``, so a person's list is read newest first off
    the (author, status, published_at, article) index.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    # No index of its own: the listing index starts with the author.
    author = models.ForeignKey(
        "articles.Author", on_delete=models.CASCADE, related_name="bylines", db_index=False
    )
    position = models.PositiveSmallIntegerField("position", default=0)

    objects = BylineManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "byline"
        indexes = [
            models.Index(
                fields=["author", "status", "-published_at", "-article"], name="byline_listed"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author.name} on {self.article.headline}"

    def natural_key(self) -> tuple[str, str]:
        return (*self.article.natural_key(), *self.author.natural_key())

    natural_key.dependencies = ["articles.article", "articles.author"]


class TaggingManager(models.Manager):
    def get_by_natural_key(self, article_uuid: str, kind: str, slug: str) -> "Tagging":
        return self.get(article__uuid=article_uuid, tag__kind=kind, tag__slug=slug)


class Tagging(ListedLink):
    """One tag on one article: the link ``Article.tags`` goes through.

    ``status`` and ``published_at`` are copies of the article's, kept by
    ``articles.listing_copies``, so a tag's list is read newest first off the
    (tag, status, published_at, article) index instead of sorting every article
    the tag has. The table is the one Django made for the plain many-to-many.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="taggings")
    # No index of its own: the listing index starts with the tag.
    tag = models.ForeignKey(
        "articles.Tag", on_delete=models.CASCADE, related_name="taggings", db_index=False
    )

    objects = TaggingManager()

    class Meta:
        db_table = "articles_article_tags"
        verbose_name = "tagging"
        unique_together = [("article", "tag")]
        indexes = [
            models.Index(
                fields=["tag", "status", "-published_at", "-article"], name="tagging_listed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag.name} on {self.article.headline}"

    def natural_key(self) -> tuple[str, str, str]:
        return (*self.article.natural_key(), *self.tag.natural_key())

    natural_key.dependencies = ["articles.article", "articles.tag"]


class RelatedLinkManager(models.Manager):
    def get_by_natural_key(self, source_uuid: str, position: int) -> "RelatedLink":
        return self.get(source__uuid=source_uuid, position=position)


class RelatedLink(models.Model):
    """A "Related News" entry: another article, or a headline still waiting for it.

    An export names related articles by headline only. When no article has that
    headline yet, the link keeps the headline and waits; ``Article.save()``
    points it at the article the moment one with that headline arrives.
    """

    source = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        Article,
        verbose_name="related article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_links",
    )
    headline = models.CharField(
        "headline as named",
        max_length=HEADLINE_MAX_LENGTH,
        blank=True,
        help_text="The related article's headline as the source named it.",
    )
    headline_key = models.CharField(max_length=HEADLINE_KEY_LENGTH, editable=False, db_index=True)
    position = models.PositiveSmallIntegerField("position", default=0)

    objects = RelatedLinkManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "related link"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__isnull=False) | ~models.Q(headline=""),
                name="relatedlink_target_or_headline",
            ),
            models.UniqueConstraint(
                fields=["source", "position"], name="relatedlink_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.target.headline if self.target_id else self.headline

    def save(self, *args, **kwargs) -> None:
        self.headline_key = headline_key(self.headline) if self.headline else ""
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str, int]:
        return (*self.source.natural_key(), self.position)

    natural_key.dependencies = ["articles.article"]


@receiver(pre_delete, sender=Article, dispatch_uid="related-links-keep-deleted-headline")
def _keep_headline_of_deleted_target(sender: type[Article], instance: Article, **kwargs) -> None:
    """A link to a deleted article goes back to waiting for its headline.

    Without the headline, the link would hold neither a target nor a headline
    (which its constraint forbids, so the delete would fail); with it, a
    re-imported or rewritten article of that headline is linked again.
    """
    RelatedLink.objects.filter(target=instance, headline="").update(
        headline=instance.headline, headline_key=instance.headline_key
    )
