"""Who makes the news: publishers, and the authors who write and photograph it."""

from django.db import models

from articles.addresses import page_path
from articles.fields import PictureField
from articles.models.natural_keys import SlugManager
from articles.querysets import AuthorQuerySet
from articles.slugs import fill_blank_slug
from articles.uploads import PICTURE_HELP, validate_web_picture


class Publisher(models.Model):
    """The organisation an article is published by and whose copyright it carries."""

    name = models.CharField(
        "name", max_length=200, unique=True, help_text="For example: The Brussels Times."
    )
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="Used in addresses.")
    website = models.URLField(
        "website", blank=True, help_text="For example: https://www.brusselstimes.com/"
    )
    description = models.TextField(
        "description", blank=True, help_text="One or two sentences for the publisher's page."
    )
    logo = PictureField(
        "logo",
        upload_to="publishers/",
        blank=True,
        validators=[validate_web_picture],
        help_text=PICTURE_HELP,
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "publisher"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        fill_blank_slug(self, self.name, Publisher.objects.all())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return page_path("articles:publisher", slug=self.slug)

    @property
    def web_address(self) -> str:
        """The website to link to: only an http(s) address, whatever was stored.

        The form's URL check refuses ``javascript:`` and ``data:`` addresses, but an
        import, a fixture or code writes past it, and a link is run when clicked.
        """
        website = self.website.strip()
        return website if website.lower().startswith(("https://", "http://")) else ""

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Author(models.Model):
    """A person credited for news work: a reporter's byline or a photographer's credit."""

    class Role(models.TextChoices):
        REPORTER = "reporter", "Reporter"
        PHOTOGRAPHER = "photographer", "Photographer"
        EDITOR = "editor", "Editor"
        COLUMNIST = "columnist", "Columnist"
        CONTRIBUTOR = "contributor", "Contributor"

    # Indexed: the importer recognises a person by name, never by slug alone.
    name = models.CharField(
        "name", max_length=200, db_index=True, help_text="For example: Andrii Nesterenko."
    )
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="Used in addresses.")
    role = models.CharField(
        "role", max_length=20, choices=Role.choices, default=Role.REPORTER, db_index=True
    )
    organisation = models.CharField(
        "organisation or agency",
        max_length=200,
        blank=True,
        help_text="Who they work for, for example: AFP.",
    )
    bio = models.TextField("short bio", blank=True, help_text="One or two sentences.")
    photo = PictureField(
        "photo",
        upload_to="authors/",
        blank=True,
        validators=[validate_web_picture],
        help_text=PICTURE_HELP,
    )

    objects = SlugManager.from_queryset(AuthorQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = "author"

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def save(self, *args, **kwargs) -> None:
        fill_blank_slug(self, self.name, Author.objects.all())
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return page_path("articles:author", slug=self.slug)

    def get_photographs_url(self) -> str:
        return page_path("articles:author-photographs", slug=self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
