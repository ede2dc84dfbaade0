"""How articles are grouped: sections a desk owns, tags for what they mention."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from articles.addresses import page_path
from articles.models.natural_keys import SlugManager
from articles.slugs import fill_blank_slug

# Sections live at /<slug>/, so a slug may not be a first path segment the site
# uses or will use for something else.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin",
        "api",
        "authors",
        "corrections",
        "feed",
        "feeds",
        "media",
        "preview",
        "publishers",
        "rss",
        "search",
        "sitemap",
        "sitemaps",
        "static",
        "tags",
    }
)


def reserved_section_slugs() -> frozenset[str]:
    """The words above, and the first word of the admin's path where ADMIN_URL moved it."""
    return RESERVED_SECTION_SLUGS | {settings.ADMIN_URL.split("/", 1)[0].lower()}


class Section(models.Model):
    """A part of the paper, such as Politics or Sport, owned by one desk."""

    name = models.CharField("name", max_length=100, unique=True, help_text="For example: Europe.")
    slug = models.SlugField("slug", max_length=100, unique=True, help_text="Used in addresses.")
    description = models.TextField(
        "description",
        blank=True,
        help_text="One sentence for the section page and search engines.",
    )
    in_navigation = models.BooleanField(
        "in the header navigation",
        default=False,
        help_text="Shown in the site's header navigation, in the order below.",
    )
    position = models.PositiveSmallIntegerField(
        "position", default=0, help_text="Lower numbers come first in the navigation."
    )

    objects = SlugManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "section"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        fill_blank_slug(self, self.name, Section.objects.all())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return page_path("articles:section", slug=self.slug)

    def clean(self) -> None:
        if self.slug.lower() in reserved_section_slugs():
            raise ValidationError(
                {
                    "slug": f"“{self.slug}” cannot be a section's slug: /{self.slug}/ is "
                    "another part of the site. Choose another slug."
                }
            )

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class TagManager(models.Manager):
    def get_by_natural_key(self, kind: str, slug: str) -> "Tag":
        return self.get(kind=kind, slug=slug)

    def with_published_work(self) -> models.QuerySet:
        """Tags a published article carries: only they have a page, a feed, a sitemap entry.

        Read off the tag links' copies of their article's status and time.
        """
        from articles.models.article import Tagging
        from articles.querysets import published_filter

        published = Tagging.objects.filter(published_filter(), tag=models.OuterRef("pk"))
        return self.filter(models.Exists(published))


class Tag(models.Model):
    """Something an article is about or mentions: a topic, person, place or organisation.

    The kinds follow IPTC ninjs (``subjects``, ``people``, ``places``,
    ``organisations``), so the same "Washington" may be a place and a person.
    """

    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        PERSON = "person", "Person"
        PLACE = "place", "Place"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField("name", max_length=200, help_text="For example: Kyiv.")
    slug = models.SlugField("slug", max_length=200, help_text="Used in addresses.")
    kind = models.CharField("kind", max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    aliases = models.TextField(
        "aliases",
        blank=True,
        help_text=(
            "Other names the text may use for it, one a line; an imported article that "
            "names any of them gets this tag. For example: Zelenskyy."
        ),
    )
    description = models.TextField(
        "description", blank=True, help_text="One sentence for the tag's page."
    )

    # The address word for each kind: /tags/people/mark-rutte/.
    PATH_WORDS = {
        Kind.TOPIC: "topics",
        Kind.PERSON: "people",
        Kind.PLACE: "places",
        Kind.ORGANISATION: "organisations",
    }
    # And back: the kind an address word names.
    KINDS_BY_PATH_WORD = {word: kind for kind, word in PATH_WORDS.items()}

    objects = TagManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "tag"
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="tag_unique_kind_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"

    def save(self, *args, **kwargs) -> None:
        fill_blank_slug(self, self.name, Tag.objects.filter(kind=self.kind))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return page_path("articles:tag", kind=self.PATH_WORDS[self.kind], slug=self.slug)

    @property
    def alias_names(self) -> list[str]:
        """The aliases, one a line, without blank lines or stray spaces."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def natural_key(self) -> tuple[str, str]:
        return (self.kind, self.slug)
