"""Pictures, with the credit on the picture itself.

The credit belongs to the picture wherever it is used; schema.org's ImageObject
splits it into ``creator`` (the photographer), ``creditText`` and
``copyrightNotice``, and so do we: "Andrii Nesterenko / AFP" is rendered from
the photographer and the agency, never stored as one string.
"""

import uuid
from functools import partial
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from articles.fields import PictureField
from articles.models.natural_keys import UUIDManager
from articles.picture_metadata import reader_copy
from articles.renditions import delete_files
from articles.renditions import queue as queue_renditions
from articles.uploads import PICTURE_HELP, check_picture, validate_web_picture

# What the renditions are made from: the file's name and the focal point.
RENDITION_SOURCE = ("file", "focal_x", "focal_y")


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

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, then (after commit) make renditions if the file or focal point changed.

        A new file makes the old renditions stale at once, so they are unlisted
        in this save and deleted after it; pages show the original until the
        worker has made the new ones (``renditions.renew``, a task). A moved focal
        point only remakes the card crops. Otherwise the list is not written at
        all: only ``renditions.remake`` writes it.
        """
        self._prepare_upload()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not set(RENDITION_SOURCE) & set(update_fields):
            return super().save(*args, **kwargs)
        before = None if self._state.adding else getattr(self, "_rendered_from", None)
        now = self._rendition_source()
        if now is None or (before is not None and before == now):
            if update_fields is None and not self._state.adding:
                # The list is written by whoever made the files (renditions.remake): a form
                # opened before that must not put back a list of files since deleted.
                kwargs["update_fields"] = [
                    field.attname
                    for field in self._meta.concrete_fields
                    if not field.primary_key
                    and field.name != "renditions"
                    and field.attname in self.__dict__
                ]
            return super().save(*args, **kwargs)
        crops_only = before is not None and before[0] == now[0]
        stale = [r for r in self.renditions if r["crop"] or not crops_only]
        if stale:
            self.renditions = [r for r in self.renditions if r not in stale]
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "renditions"}
        super().save(*args, **kwargs)
        # Saving stored a new upload under its final name.
        self._rendered_from = now = self._rendition_source()
        storage = self._meta.get_field("file").storage
        if stale:
            names = [record["name"] for record in stale]
            transaction.on_commit(partial(delete_files, storage, names), robust=True)
        if self.file:
            # Queued only once committed: the worker must find the picture as saved.
            job = partial(queue_renditions, self.pk, now[0], now[1:], crops_only=crops_only)
            transaction.on_commit(job, robust=True)

    def _prepare_upload(self) -> None:
        """Store a new upload upright, without what readers must not get, named for its content.

        The GPS position, camera serial and editing history are removed here
        (``picture_metadata.reader_copy``), so the original readers can download
        never has them; a ".jpg" that is a PNG is stored as ".png". Assigning the
        new file records its width and height as it stands upright.
        """
        file = self.file
        if not file or getattr(file, "_committed", True):
            return
        inner = file.file
        try:
            checked = getattr(inner, "picture_check", None) or check_picture(inner, file.size)
        except ValidationError:
            # Only code that skipped validation gets here; a file Pillow cannot read has
            # nothing it could strip, and pages show it as the original it is.
            return
        inner.picture_check = checked
        cleaned = reader_copy(inner)
        path = PurePosixPath(file.name)
        name = str(path.with_suffix(f".{checked.extension}"))
        if cleaned is None and name == file.name:
            return
        if cleaned is None:
            inner.seek(0)
            cleaned = inner.read()
        replacement = ContentFile(cleaned, name=path.with_suffix(f".{checked.extension}").name)
        replacement.picture_check = checked
        self.file = replacement

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any, **kwargs: Any) -> "Image":
        image = super().from_db(db, field_names, values, **kwargs)
        image._rendered_from = image._rendition_source()
        return image

    def _rendition_source(self) -> tuple[str, int, int] | None:
        """File name and focal point as loaded; None while any of them is deferred."""
        loaded = self.__dict__
        if any(self._meta.get_field(name).attname not in loaded for name in RENDITION_SOURCE):
            return None
        file = loaded["file"]
        return (getattr(file, "name", file) or "", loaded["focal_x"], loaded["focal_y"])

    def clean(self) -> None:
        """What the newsroom requires of a picture readers see (the PICTURES_REQUIRE_* settings).

        Alt text describes it for readers who cannot see it (WCAG 1.1.1); the
        credit is a photographer or an agency. A picture sent without a file
        (a caption and credit from the text export) is not held to them.
        """
        if not self.file:
            return
        errors = {}
        if settings.PICTURES_REQUIRE_ALT_TEXT and not self.alt_text.strip():
            errors["alt_text"] = "Describe what the picture shows, for readers who cannot see it."
        has_photographer = self.photographer_id is not None or getattr(
            self, "_pending_photographer", None
        )
        if settings.PICTURES_REQUIRE_CREDIT and not (has_photographer or self.agency.strip()):
            errors["agency"] = (
                "Credit the picture: choose its photographer or type its agency "
                "(the newsroom requires a credit on every picture)."
            )
        if errors:
            raise ValidationError(errors)

    def natural_key(self) -> tuple[str]:
        return (str(self.uuid),)

    @property
    def credit(self) -> str:
        """The visible credit, "Photographer / Agency", from whichever is known."""
        names = [self.photographer.name if self.photographer_id else "", self.agency]
        return " / ".join(name for name in names if name)


@receiver(post_delete, sender=Image, dispatch_uid="delete_image_renditions")
def _delete_renditions(sender: type[Image], instance: Image, **kwargs: Any) -> None:
    """A deleted picture's renditions go with it, once the deletion has committed."""
    if instance.renditions:
        storage = instance._meta.get_field("file").storage
        names = [record["name"] for record in instance.renditions]
        transaction.on_commit(partial(delete_files, storage, names), robust=True)
