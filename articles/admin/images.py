"""Pictures in the admin, each with a thumbnail when a file was uploaded."""

from django.contrib import admin
from django.utils.html import format_html

from articles.models import Image

THUMBNAIL_WIDTH = 80


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "summary", "credit", "photographer"]
    list_display_links = ["thumbnail", "summary"]
    list_select_related = ["photographer"]
    search_fields = ["caption", "alt_text", "agency", "photographer__name"]
    autocomplete_fields = ["photographer"]
    fields = [
        "file",
        "thumbnail",
        "caption",
        "alt_text",
        "photographer",
        "agency",
        "copyright_notice",
        "width",
        "height",
        "uuid",
        "created_at",
    ]
    readonly_fields = ["thumbnail", "width", "height", "uuid", "created_at"]

    @admin.display(description="picture", empty_value="—")
    def thumbnail(self, image: Image) -> str | None:
        if not image.file:
            return None
        return format_html(
            '<img src="{}" alt="{}" width="{}">',
            image.file.url,
            image.alt_text or image.caption,
            THUMBNAIL_WIDTH,
        )

    @admin.display(description="caption", ordering="caption")
    def summary(self, image: Image) -> str:
        return str(image)
