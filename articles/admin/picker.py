"""Choosing a picture by sight: thumbnails in the article form's picture picker.

The admin's autocomplete answers with captions only, and a desk editor looking
for "the Rutte photo from Kyiv" needs to see it. The picker asks an
autocomplete view of its own, which adds each picture's smallest rendition and
pixel size to Django's answer (same permission checks, same search), and
``static/newsroom/picture-picker.js`` shows them in the list. Without
JavaScript the field is a plain select of captions, and the chosen picture's
thumbnail is shown beside it by the server.
"""

from typing import Any

from django import forms
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.html import format_html

from articles.models import Image
from articles.renditions import JPEG

# The name of the picker's autocomplete address, under the admin site's namespace.
PICKER_URL_NAME = "articles_image_picker"


def thumbnail_url(image: Image) -> str | None:
    """The smallest uncropped JPEG rendition, or the file itself before renditions exist."""
    if not image.file:
        return None
    small = [r for r in image.renditions if r["format"] == JPEG.format and not r["crop"]]
    name = min(small, key=lambda r: r["width"])["name"] if small else image.file.name
    return image.file.storage.url(name)


def thumbnail_html(image: Image | None, width: int) -> str | None:
    url = thumbnail_url(image) if image else None
    if not url:
        return None
    return format_html(
        '<img src="{}" alt="{}" width="{}">',
        url,
        image.alt_text or image.caption,
        width,
    )


def pixel_size(image: Image) -> str:
    return f"{image.width} × {image.height} pixels" if image.width and image.height else ""


class PictureAutocompleteView(AutocompleteJsonView):
    """Django's autocomplete answer, with a thumbnail address and size for each picture."""

    def serialize_result(self, obj: Any, to_field_name: str) -> dict[str, Any]:
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Image):
            result.update(thumbnail=thumbnail_url(obj) or "", size=pixel_size(obj))
        return result


class PictureAutocompleteSelect(AutocompleteSelect):
    """An autocomplete select that asks ``PictureAutocompleteView`` and shows thumbnails."""

    url_name = "%s:" + PICKER_URL_NAME

    def build_attrs(
        self, base_attrs: dict[str, Any], extra_attrs: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Started by picture-picker.js, with a thumbnail in each result, not by autocomplete.js.
        classes = [c for c in attrs["class"].split() if c != "admin-autocomplete"]
        attrs["class"] = " ".join([*classes, "picture-picker"])
        return attrs

    @property
    def media(self) -> forms.Media:
        # One list, so the picker's script comes after jQuery and select2 (media lists
        # added together keep each one's order, not an order between them).
        autocomplete = super().media
        return forms.Media(
            js=[*autocomplete._js, "newsroom/picture-picker.js"],
            css={"screen": [*autocomplete._css.get("screen", []), "newsroom/picture-picker.css"]},
        )
