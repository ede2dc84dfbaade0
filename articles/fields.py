"""Model fields with a rule the database must never see broken."""

import contextlib
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from PIL import Image as PILImage

from articles import uploads
from articles.richtext import ALLOWED_TAGS, disallowed_markup, sanitize


def validate_rich_text(value: str) -> None:
    """Refuse markup the body cannot keep, naming it, so nothing is dropped unseen."""
    problems = disallowed_markup(value)
    if problems:
        raise ValidationError(
            "These cannot be kept in the text: %(problems)s. Remove them and save again; "
            "allowed tags are %(allowed)s.",
            code="disallowed_markup",
            params={"problems": ", ".join(problems), "allowed": ", ".join(sorted(ALLOWED_TAGS))},
        )


class RichTextField(models.TextField):
    """HTML limited to ``articles.richtext.ALLOWED_TAGS``, cleaned on every write.

    Forms refuse other markup with a message naming it (``validate_rich_text``);
    code that writes directly has it removed.

    Cleaning in ``get_db_prep_save`` covers ``save()``, ``bulk_create()``,
    ``bulk_update()`` and ``QuerySet.update()`` alike, so no path stores markup
    outside the allowed set.
    """

    description = "HTML restricted to an allowed set of tags"
    default_validators = [validate_rich_text]

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if isinstance(value, str):
            value = sanitize(value)
        return super().get_db_prep_save(value, connection)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "articles.fields.RichTextField", args, kwargs


class PictureFormField(forms.ImageField):
    """An upload field that reads the picture by content and says what is wrong with it.

    Django's own field checks the name's extension and calls anything Pillow
    will not open "not an image", a too-large picture included; this one runs
    ``uploads.check_picture`` (format, bytes, pixels, a file cut short) instead,
    and keeps the result on the upload so the model's validator does not read it again.
    """

    default_validators: list[Any] = []

    def to_python(self, data: Any) -> Any:
        if getattr(data, "name", None):
            # Before the length check: a long name is shortened, not held against the editor.
            data.name = uploads.stored_name(data.name)
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        checked = uploads.check_picture(upload, getattr(upload, "size", None))
        upload.picture_check = checked
        upload.image = checked.picture
        upload.content_type = PILImage.MIME.get(checked.format)
        return upload


class PictureField(models.ImageField):
    """An ImageField that reads a picture's size once, when it is uploaded.

    Django's ImageField opens the stored file again on every form save to
    refresh width and height: a fetch from object storage each time, and a
    crash when the file has gone missing. A stored file keeps the size
    recorded at upload; a file that cannot be read leaves the size as it was.
    """

    def update_dimension_fields(
        self, instance: models.Model, force: bool = False, *args: Any, **kwargs: Any
    ) -> None:
        file = instance.__dict__.get(self.attname)
        recorded = all(
            getattr(instance, name, None) for name in (self.width_field, self.height_field) if name
        )
        if isinstance(file, FieldFile) and file and file._committed and recorded:
            return
        with contextlib.suppress(OSError):
            super().update_dimension_fields(instance, force, *args, **kwargs)

    def generate_filename(self, instance: models.Model | None, filename: str) -> str:
        """Every stored name, from the form or from code, made by ``uploads.stored_name``."""
        return super().generate_filename(instance, uploads.stored_name(filename))

    def formfield(self, **kwargs: Any) -> forms.Field:
        """The content-checking upload field, its help text naming today's limits."""
        help_text = uploads.limits_help() + (" Optional." if self.blank else "")
        return super().formfield(
            **{"form_class": PictureFormField, "help_text": help_text, **kwargs}
        )

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "articles.fields.PictureField", args, kwargs


# Help text is shown as HTML in the admin, so the tag names go without angle brackets.
ALLOWED_TAGS_HELP = "Allowed tags: " + ", ".join(sorted(ALLOWED_TAGS)) + "."
