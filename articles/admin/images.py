"""The picture library: find a picture, see where it is used, use it again.

Searching by caption, photographer and agency, a small rendition as thumbnail,
and how many articles lead with each picture, in a constant number of queries.
An upload fills the caption and credit the file carries (IPTC, XMP, EXIF) into
the fields the editor left empty, and says so; nothing typed is overwritten.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from articles.admin.filters import LeadPictureFilter
from articles.admin.picker import PICKER_URL_NAME, PictureAutocompleteView, thumbnail_html
from articles.models import Article, Author, Image
from articles.picture_metadata import read_credits
from articles.renditions import is_queued

THUMBNAIL_WIDTH = 80
FORMAT_NAMES = {"avif": "AVIF", "webp": "WebP", "jpeg": "JPEG"}
# The articles listed on a picture's page; the rest are a link to the article list.
USES_SHOWN = 20
PREFILLED_LABELS = {
    "caption": "caption",
    "alt_text": "alt text",
    "photographer": "photographer",
    "agency": "agency",
    "copyright_notice": "copyright notice",
}


class ImageAdminForm(forms.ModelForm):
    """The picture form, filling empty fields from what a new upload's file says."""

    class Meta:
        model = Image
        fields = [
            "file",
            "caption",
            "alt_text",
            "photographer",
            "agency",
            "copyright_notice",
            "focal_x",
            "focal_y",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.prefilled: dict[str, str] = {}
        checked = getattr(cleaned.get("file"), "picture_check", None)
        if checked is None:
            return cleaned
        for name, value in read_credits(checked.picture).found().items():
            if name not in self.fields:
                continue
            if name == "photographer":
                self._prefill_photographer(cleaned, value)
                continue
            if (cleaned.get(name) or "").strip():
                continue
            limit = Image._meta.get_field(name).max_length
            value = value[: limit - 1] + "…" if limit and len(value) > limit else value
            cleaned[name] = value
            self._show(name, value)
        return cleaned

    def _prefill_photographer(self, cleaned: dict[str, Any], name: str) -> None:
        """The person of that name if there is one, else a new one made when it is saved."""
        if cleaned.get("photographer") is not None:
            return
        person = Author.objects.filter(name=name).order_by("pk").first()
        if person is not None:
            cleaned["photographer"] = person
            self._show("photographer", name, str(person.pk))
        else:
            self.instance._pending_photographer = name
            self.prefilled["photographer"] = f"{name} (new)"

    def _show(self, name: str, shown: str, value: str | None = None) -> None:
        """Put a filled value in the bound data, so a form shown again with errors has it."""
        self.prefilled[name] = shown
        self.data = self.data.copy()
        self.data[self.add_prefix(name)] = shown if value is None else value


class UsedFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "used"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Leads an article"), ("no", "Not used yet")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(use_count__gt=0)
        if self.value() == "no":
            return queryset.filter(use_count=0)
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "summary", "credit", "size", "uses"]
    list_display_links = ["thumbnail", "summary"]
    list_select_related = ["photographer"]
    list_filter = [UsedFilter, "agency"]
    search_fields = ["caption", "alt_text", "agency", "photographer__name", "copyright_notice"]
    search_help_text = "Searches captions, alt text, photographers, agencies and copyright notices."
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
                ],
                "description": "A new file's own caption, credit and copyright fill the "
                "fields left empty when it is saved. Its location and camera details are "
                "removed from what readers download.",
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
        ("Used in", {"fields": ["used_in"]}),
        (
            "File",
            {"fields": ["width", "height", "renditions_made", "uuid", "created_at"]},
        ),
    ]
    readonly_fields = [
        "thumbnail",
        "used_in",
        "width",
        "height",
        "renditions_made",
        "uuid",
        "created_at",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Explicitly ordered: Django drops Meta.ordering from a GROUP BY query (the count).
        counted = super().get_queryset(request).annotate(use_count=Count("lead_of"))
        return counted.order_by(*Image._meta.ordering)

    def save_model(self, request: HttpRequest, obj: Image, form: Any, change: bool) -> None:
        pending = getattr(obj, "_pending_photographer", None)
        if pending and obj.photographer_id is None:
            person = Author.objects.filter(name=pending).order_by("pk").first()
            obj.photographer = person or Author.objects.create(
                name=pending, role=Author.Role.PHOTOGRAPHER
            )
        super().save_model(request, obj, form, change)
        if form.prefilled:
            messages.info(
                request,
                f"Filled from the picture file: {self._prefilled_words(form)}. Check them.",
            )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        form = context["adminform"].form
        if form.is_bound and form.errors and getattr(form, "prefilled", None):
            messages.warning(
                request,
                f"Read from the picture file: {self._prefilled_words(form)}. Browsers do not "
                "keep a chosen file when a form comes back: choose the file again to save it.",
            )
        return super().render_change_form(request, context, *args, **kwargs)

    @staticmethod
    def _prefilled_words(form: ImageAdminForm) -> str:
        return "; ".join(
            f"{PREFILLED_LABELS[name]} “{value}”" for name, value in form.prefilled.items()
        )

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

    @admin.display(description="size", empty_value="—")
    def size(self, image: Image) -> str | None:
        return f"{image.width} × {image.height}" if image.width and image.height else None

    @admin.display(description="articles", ordering="use_count")
    def uses(self, image: Image) -> str:
        """How many articles lead with it, linked to the article list of them."""
        count = getattr(image, "use_count", 0)
        if not count:
            return "0"
        return format_html('<a href="{}">{}</a>', self._articles_url(image), count)

    @staticmethod
    def _articles_url(image: Image) -> str:
        query = urlencode({LeadPictureFilter.parameter_name: image.pk})
        return f"{reverse('admin:articles_article_changelist')}?{query}"

    @admin.display(description="articles with this picture")
    def used_in(self, image: Image) -> str:
        """The articles that lead with it, newest first, and a way to use it in another."""
        new_article = format_html(
            '<a href="{}?{}">Use it in a new article</a>',
            reverse("admin:articles_article_add"),
            urlencode({"lead_image": image.pk}),
        )
        if image.pk is None:
            return "None yet."
        articles = list(
            Article.objects.filter(lead_image=image)
            .order_by("-updated_at", "-pk")
            .values("pk", "headline", "status")[: USES_SHOWN + 1]
        )
        if not articles:
            return format_html("Not used yet. {}", new_article)
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:articles_article_change", args=[row["pk"]]),
                    row["headline"],
                    Article.Status(row["status"]).label,
                )
                for row in articles[:USES_SHOWN]
            ),
        )
        more = (
            format_html('<li><a href="{}">All of them</a></li>', self._articles_url(image))
            if len(articles) > USES_SHOWN
            else ""
        )
        return format_html("<ul>{}{}</ul>{}", items, more, new_article)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in {"focal_x", "focal_y"}:
            kwargs["widget"] = forms.NumberInput(attrs={"min": 0, "max": 100})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="renditions")
    def renditions_made(self, image: Image) -> str:
        if not image.renditions:
            if image.file and is_queued(image):
                return "Being made by the worker: pages show the original until then."
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
