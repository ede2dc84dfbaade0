"""Pictures, with the credit on the picture itself.

The credit belongs to the picture wherever it is used; schema.org's ImageObject
splits it into ``creator`` (the photographer), ``creditText`` and
``copyrightNotice``, and so do we: "Andrii Nesterenko / AFP" is rendered from
the photographer and the agency, never stored as one string.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from articles.fields import PictureField
from articles.models.natural_keys import UUIDManager
from articles.uploads import PICTURE_HELP, validate_web_picture


class Image(models.Model):
    """A picture and what must travel with it: caption, alt text and credit.

    The file is optional: the newsroom's text export names pictures without
    sending them, and the page then shows the caption and credit alone.
    """

    uuid = models.UUIDField("UUID", default=uuid.uuid4, unique=True, editable=False)
    file = PictureField(
        "file",
        upload_to="images/%Y/%m/",
        blank=True,
        width_field="width",
        height_field="height",
        validators=[validate_web_picture],
        help_text=f"{PICTURE_HELP} Optional.",
    )
    width = models.PositiveIntegerField("width", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("height", null=True, blank=True, editable=False)
    alt_text = models.CharField(
        "alternative text",
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.TextField(
        "caption", blank=True, help_text="For example: Mark Rutte addresses parliament in Kyiv."
    )
    photographer = models.ForeignKey(
        "articles.Author",
        verbose_name="photographer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photographs",
        help_text="For example: Andrii Nesterenko.",
    )
    agency = models.CharField("agency", max_length=100, blank=True, help_text="For example: AFP.")
    copyright_notice = models.CharField(
        "copyright notice", max_length=200, blank=True, help_text="For example: © AFP 2026."
    )
    focal_x = models.PositiveSmallIntegerField(
        "focal point across (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="Where the picture's subject is, from the left edge (0) to the right (100). "
        "Cropped versions keep it in frame.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point down (%)",
        default=50,
        validators=[MaxValueValidator(100)],
        help_text="From the top edge (0) to the bottom (100).",
    )
    renditions = models.JSONField(
        "renditions",
        default=list,
        blank=True,
        editable=False,
        help_text="The resized copies made from the file, listed when they are made.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)

    objects = UUIDManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "image"

    def __str__(self) -> str:
        text = self.caption or self.alt_text or (self.file.name if self.file else "")
        return (text[:80] + "…") if len(text) > 80 else text or f"Image {self.uuid}"

    def clean(self) -> None:
        # A picture readers can see must be described for readers who cannot (WCAG 1.1.1).
        if self.file and not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": "Describe what the picture shows, for readers who cannot see it."}
            )

    def natural_key(self) -> tuple[str]:
        return (str(self.uuid),)

    @property
    def credit(self) -> str:
        """The visible credit, "Photographer / Agency", from whichever is known."""
        names = [self.photographer.name if self.photographer_id else "", self.agency]
        return " / ".join(name for name in names if name)
