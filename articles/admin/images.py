"""Pictures in the admin: a thumbnail, the focal point, and the renditions made."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.html import format_html, format_html_join

from articles.admin.picker import PICKER_URL_NAME, PictureAutocompleteView, thumbnail_html
from articles.models import Image

THUMBNAIL_WIDTH = 80
FORMAT_NAMES = {"avif": "AVIF", "webp": "WebP", "jpeg": "JPEG"}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "summary", "credit", "photographer"]
    list_display_links = ["thumbnail", "summary"]
    list_select_related = ["photographer"]
    search_fields = ["caption", "alt_text", "agency", "photographer__name"]
    autocomplete_fields = ["photographer"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "file",
                    "thumbnail",
                    "caption",
                    "alt_text",
                    "photographer",
                    "agency",
                    "copyright_notice",
                ]
            },
        ),
        (
            "Focal point",
            {
                "fields": [("focal_x", "focal_y")],
                "description": "Cards crop pictures to 3:2 around this point. Saving a new "
                "point remakes the crops.",
            },
        ),
        (
            "File",
            {"fields": ["width", "height", "renditions_made", "uuid", "created_at"]},
        ),
    ]
    readonly_fields = ["thumbnail", "width", "height", "renditions_made", "uuid", "created_at"]

    def get_urls(self) -> list[URLPattern]:
        """The article form's picture picker asks here: Django's autocomplete, with thumbnails."""
        picker = self.admin_site.admin_view(
            PictureAutocompleteView.as_view(admin_site=self.admin_site)
        )
        return [path("picker/", picker, name=PICKER_URL_NAME), *super().get_urls()]

    @admin.display(description="picture", empty_value="—")
    def thumbnail(self, image: Image) -> str | None:
        """The smallest JPEG rendition, so a list of pictures does not load the originals."""
        return thumbnail_html(image, THUMBNAIL_WIDTH)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in {"focal_x", "focal_y"}:
            kwargs["widget"] = forms.NumberInput(attrs={"min": 0, "max": 100})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="renditions")
    def renditions_made(self, image: Image) -> str:
        if not image.renditions:
            return "None yet: pages show the original."
        rows = sorted(image.renditions, key=lambda r: (r["crop"], r["width"], r["format"]))
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{} × {} {}{}</a></li>',
                (
                    (
                        image.file.storage.url(r["name"]),
                        r["width"],
                        r["height"],
                        FORMAT_NAMES.get(r["format"], r["format"]),
                        ", card crop" if r["crop"] else "",
                    )
                    for r in rows
                ),
            ),
        )

    @admin.display(description="caption", ordering="caption")
    def summary(self, image: Image) -> str:
        return str(image)
